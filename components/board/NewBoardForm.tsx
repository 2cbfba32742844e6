"use client";
/** Creates a board from a title and a question; errors stay beside the form with the values kept. */
import { useActionState } from "react";
import { createBoardAction, type CreateBoardState } from "@/app/actions";
import styles from "./BoardList.module.css";

const INITIAL: CreateBoardState = { error: null, values: { title: "", question: "" } };

export function NewBoardForm() {
  const [state, action, pending] = useActionState(createBoardAction, INITIAL);
  return (
    <form action={action} className={styles.form} key={state.values.title + state.values.question}>
      <h2>New board</h2>
      <input name="title" aria-label="Board title" placeholder="Title, e.g. JNIM in Mali" defaultValue={state.values.title} maxLength={200} />
      <input
        name="question"
        aria-label="Question"
        placeholder="The question, e.g. Is JNIM shifting south?"
        defaultValue={state.values.question}
        maxLength={500}
      />
      <button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create board"}
      </button>
      {state.error && (
        <p role="alert" className={styles.error}>
          {state.error}
        </p>
      )}
    </form>
  );
}
