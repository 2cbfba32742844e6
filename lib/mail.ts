/**
 * Email, when the server has SMTP settings (SMTP_URL): sent through nodemailer. Without them
 * nothing is sent and nothing fails: email is an extra copy, never the only one.
 */
import nodemailer, { type Transporter } from "nodemailer";
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

const transports = new Map<string, Transporter>();

/** The mailer the environment configures, or null when email is off. */
export function mailerFor(env: Pick<Env, "SMTP_URL" | "MAIL_FROM" | "APP_URL" | "PORT">): Mailer | null {
  if (!env.SMTP_URL) return null;
  const url = env.SMTP_URL;
  let transport = transports.get(url);
  if (!transport) {
    // A pooled connection per SMTP server, shared by every send of this process.
    transport = nodemailer.createTransport(url, { from: env.MAIL_FROM });
    transports.set(url, transport);
  }
  const sender = transport;
  return {
    appUrl: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ""),
    async send(message) {
      await sender.sendMail({ from: env.MAIL_FROM, to: message.to, subject: message.subject, text: message.text });
    },
    close() {
      sender.close();
      transports.delete(url);
    },
  };
}
