/**
 * Email, when the server has SMTP settings (SMTP_URL): sent through nodemailer. Without them
 * nothing is sent and nothing fails: email is an extra copy, never the only one.
 */
import type { Transporter } from "nodemailer";
import type { Env } from "@/lib/env";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** Sends one message; rejects when the SMTP server refuses it or cannot be reached. */
  send(message: MailMessage): Promise<void>;
  /** The app's public address, for links. */
  readonly appUrl: string;
  close(): void;
}

/** One pooled transport per SMTP server, shared by every send of this process. */
const transports = new Map<string, Promise<Transporter>>();

/** The mailer the environment configures, or null when email is off. */
export function mailerFor(env: Pick<Env, "SMTP_URL" | "MAIL_FROM" | "APP_URL" | "PORT">): Mailer | null {
  if (!env.SMTP_URL) return null;
  const url = env.SMTP_URL;
  // nodemailer is loaded with the first message: a server that sends none never holds it.
  const transport = () => {
    let pending = transports.get(url);
    if (!pending) {
      pending = import("nodemailer").then(({ default: nodemailer }) => nodemailer.createTransport(url, { from: env.MAIL_FROM }));
      transports.set(url, pending);
    }
    return pending;
  };
  return {
    appUrl: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ""),
    async send(message) {
      const sender = await transport();
      await sender.sendMail({ from: env.MAIL_FROM, to: message.to, subject: message.subject, text: message.text });
    },
    close() {
      const pending = transports.get(url);
      transports.delete(url);
      void pending?.then((sender) => sender.close());
    },
  };
}
