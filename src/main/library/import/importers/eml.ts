import type * as MailParser from 'mailparser';
import type { ParsedMail } from 'mailparser';
import iconv from 'iconv-lite';
import { lazyRequire } from '../lazy';

const mailparser = lazyRequire<typeof MailParser>('mailparser');
import { toIsoDate } from '../dates';
import { htmlToText } from '../dom-text';
import { escapeHtml } from '../html';
import { FileRejected, type ImporterEntry, type ParsedBriefing, type ParsedItem } from '../types';

/**
 * Newsletters and briefings saved from a mail client. mailparser is used over postal-mime: it
 * decodes mislabelled windows-1252 and split encoded subjects correctly (measured on 4,150 mails).
 * Attachments are ignored; only the HTML part (else the text part) becomes the body.
 */
async function parseMail(raw: Buffer): Promise<ParsedBriefing> {
  let mail: ParsedMail;
  try {
    mail = await mailparser().simpleParser(raw, { skipImageLinks: true, skipTextLinks: true, keepCidLinks: false });
  } catch (cause) {
    throw new FileRejected(`not a readable email message (${cause instanceof Error ? cause.message : 'parse error'})`);
  }
  // Garbage parses as an empty message without error: treat "no headers and no body" as a failure.
  const hasHeaders =
    mail.headers.size > 0 && (mail.subject !== undefined || mail.from !== undefined || mail.date !== undefined);
  const htmlPart = typeof mail.html === 'string' ? mail.html : '';
  const textPart = mail.text ?? '';
  if (!hasHeaders) throw new FileRejected('not an email message (no From, Subject or Date header)');
  let html: string;
  let text: string;
  let headings: string[] = [];
  if (htmlPart.trim() !== '') {
    html = htmlPart;
    ({ text, headings } = htmlToText(htmlPart));
  } else {
    text = textPart.replace(/\r\n?/g, '\n').trim();
    html = text
      .split(/\n\s*\n/)
      .map((p) => `<p>${escapeHtml(p.trim()).replace(/\n/g, '<br>')}</p>`)
      .join('\n');
  }
  if (text.trim() === '') throw new FileRejected('the message has no readable text');
  const from = mail.from?.value[0];
  const warnings = undecodable(raw, [mail.subject ?? '', text]);
  return {
    title: mail.subject?.trim() || '(no subject)',
    headline: null,
    source: from?.name?.trim() || from?.address || null,
    byline: from?.address ?? null,
    dateline: null,
    publishedAt: toIsoDate(mail.date),
    text,
    html,
    headings,
    related: [],
    tags: [],
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}

/**
 * Charsets a mail declares (in Content-Type parameters and encoded words) that iconv-lite, which
 * mailparser decodes with, does not know: their bytes became U+FFFD. Said in the report, because
 * silently replaced text is lost text.
 */
function undecodable(raw: Buffer, decoded: string[]): string[] {
  const replaced = decoded.reduce((n, s) => n + (s.match(/\uFFFD/g)?.length ?? 0), 0);
  if (replaced === 0) return [];
  // Headers and part headers are ASCII; latin1 keeps every byte as one character.
  const source = raw.toString('latin1');
  const declared = new Set<string>();
  for (const m of source.matchAll(/charset\s*=\s*"?([^\s";]+)/gi)) declared.add((m[1] as string).toLowerCase());
  for (const m of source.matchAll(/=\?([^?*\s]+)(?:\*[^?]*)?\?[bq]\?/gi)) declared.add((m[1] as string).toLowerCase());
  const unknown = [...declared].filter((c) => !iconv.encodingExists(c));
  if (unknown.length === 0) return [];
  const names = unknown.map((c) => `"${c}"`).join(', ');
  return [
    `the mail uses ${unknown.length === 1 ? 'a character set' : 'character sets'} Briefings cannot decode (${names}); ${replaced} character${replaced === 1 ? ' was' : 's were'} replaced with \uFFFD`,
  ];
}

export const emlImporter: ImporterEntry = {
  format: 'eml',
  label: 'Email',
  extensions: ['.eml'],
  archive: false,
  create: () => ({
    async parse(bytes) {
      return [{ parsed: await parseMail(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) }];
    },
  }),
};

/** Splits an mbox on its "From " separator lines and un-escapes ">From " body lines (mboxrd). */
export function splitMbox(buf: Buffer): Buffer[] {
  const s = buf.toString('latin1');
  const starts: number[] = [];
  const re = /^From [^\n]*\n/gm;
  for (let m = re.exec(s); m; m = re.exec(s)) starts.push(m.index);
  return starts.map((start, i) => {
    const headerEnd = s.indexOf('\n', start) + 1;
    const body = s.slice(headerEnd, starts[i + 1] ?? s.length).replace(/^>(>*From )/gm, '$1');
    return Buffer.from(body, 'latin1');
  });
}

export const mboxImporter: ImporterEntry = {
  format: 'eml',
  label: 'Mailbox',
  extensions: ['.mbox', '.mbx'],
  archive: false,
  create: () => ({
    async parse(bytes) {
      const messages = splitMbox(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      if (messages.length === 0) throw new FileRejected('not an mbox mailbox (no "From " separator lines)');
      const items: ParsedItem[] = [];
      for (const [i, raw] of messages.entries()) {
        try {
          items.push({ parsed: await parseMail(raw), suffix: `#${i + 1}` });
        } catch (cause) {
          items.push({ rejected: cause instanceof Error ? cause.message : String(cause), suffix: `#${i + 1}` });
        }
      }
      return items;
    },
  }),
};
