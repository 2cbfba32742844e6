/**
 * The narrative editor never writes over what it failed to read. y-tiptap renders the Yjs
 * narrative into ProseMirror, and every later change of the ProseMirror document is written back
 * as the difference between the two: if a render throws (a state saved by an old version, a bug,
 * a peer's cursor), the editor keeps showing what it had (an empty paragraph, on first load) and
 * the next keystroke or view update saves that over the stored narrative.
 *
 * This extension notices a failed render: an error thrown while a transaction is applied (it wraps
 * every dispatch), a change of the Yjs narrative from elsewhere that no render followed, or an
 * editor that could not be mounted. From then on it lets no transaction through, makes the view
 * read-only, destroys the editor (which unbinds it from the document) and calls `onFailure`, so
 * the pane can say so instead of showing a wrong narrative.
 */
import { Extension, type Editor } from "@tiptap/core";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import { ySyncPluginKey } from "@tiptap/y-tiptap";
import type * as Y from "yjs";

/** One editor's watch over its binding. */
interface Watch {
  failed: boolean;
  /** Renders from Yjs that reached the editor. */
  renders: number;
  fail(error: unknown): void;
  stop(): void;
}

/** A guard for the editor bound to `fragment`; `onFailure` is called once, with what went wrong. */
export function narrativeGuard(fragment: Y.XmlFragment, onFailure: (error: unknown) => void) {
  return Extension.create<Record<string, never>, { watch: Watch | null }>({
    name: "narrativeGuard",
    // Outermost: its dispatch wraps every other extension's.
    priority: 10_000,

    addStorage() {
      return { watch: null };
    },

    onBeforeCreate() {
      this.storage.watch = watchBinding(this.editor, fragment, onFailure);
    },

    onDestroy() {
      this.storage.watch?.stop();
    },

    dispatchTransaction({ transaction, next }) {
      const watch = this.storage.watch;
      if (watch?.failed) return;
      try {
        next(transaction);
      } catch (error) {
        if (!watch) throw error;
        watch.fail(error);
        return;
      }
      if (watch && (transaction.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin) watch.renders += 1;
    },

    addProseMirrorPlugins() {
      const storage = this.storage;
      return [new Plugin({ key: new PluginKey("narrativeGuard"), props: { editable: () => !storage.watch?.failed } })];
    },
  });
}

/**
 * Watches `editor` from its creation: every change of `fragment` from elsewhere than the binding
 * must be followed by a render before the current task ends, and the editor must mount.
 */
function watchBinding(editor: Editor, fragment: Y.XmlFragment, onFailure: (error: unknown) => void): Watch {
  const doc = fragment.doc;
  let stopped = false;
  let mounted = false;
  const rendersAtStart = new WeakMap<Y.Transaction, number>();
  const onTransactionStart = (transaction: Y.Transaction) => rendersAtStart.set(transaction, watch.renders);
  const onNarrativeChange = (_events: unknown, transaction: Y.Transaction) => {
    // The binding's own writes (ProseMirror to Yjs) need no render.
    if (watch.failed || transaction.origin === ySyncPluginKey) return;
    const before = rendersAtStart.get(transaction) ?? watch.renders;
    queueMicrotask(() => {
      if (watch.renders === before) watch.fail(new Error("a change of the narrative was not rendered"));
    });
  };

  const watch: Watch = {
    failed: false,
    renders: 0,
    fail(error) {
      if (watch.failed || stopped) return;
      watch.failed = true;
      console.error("[narrative] the narrative could not be shown; the editor stopped writing:", error);
      onFailure(error);
      // After the current dispatch has unwound; until then nothing gets through (see dispatchTransaction).
      queueMicrotask(() => editor.destroy());
    },
    stop() {
      stopped = true;
      doc?.off("beforeTransaction", onTransactionStart);
      fragment.unobserveDeep(onNarrativeChange);
    },
  };

  doc?.on("beforeTransaction", onTransactionStart);
  fragment.observeDeep(onNarrativeChange);
  editor.on("mount", () => (mounted = true));
  queueMicrotask(() => {
    if (!mounted) watch.fail(new Error("the narrative editor could not be mounted"));
  });
  return watch;
}
