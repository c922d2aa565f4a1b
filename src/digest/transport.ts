/**
 * How a digest leaves: a small interface, so an HTTP email API can stand in
 * for Cloudflare's send_email binding later without touching the job.
 */
import { EmailMessage } from "cloudflare:email";

export interface OutgoingMail {
  from: string;
  to: string;
  /** The whole RFC 5322 message (see mime.ts). */
  raw: string;
}

export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
}

/** Cloudflare Email Routing (send_email binding); `wrangler dev` writes a .eml file instead. */
export function sendEmailTransport(binding: SendEmail): MailTransport {
  return {
    async send(mail) {
      await binding.send(new EmailMessage(mail.from, mail.to, mail.raw));
    },
  };
}
