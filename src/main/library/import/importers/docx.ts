import type * as Linkedom from 'linkedom';
import type Mammoth from 'mammoth';
import { lazyRequire } from '../lazy';

const mammothLib = lazyRequire<typeof Mammoth>('mammoth');
const linkedom = lazyRequire<typeof Linkedom>('linkedom');
import { titleFromFileName, toIsoDate } from '../dates';
import { htmlToText } from '../dom-text';
import { readZip } from '../zip-read';
import { FileRejected, single, type ImporterEntry } from '../types';

const CORE_LIMITS = {
  maxEntries: 5000,
  maxTotalBytes: 200 * 1024 * 1024,
  maxRatio: 1000,
  maxEntryBytes: 100 * 1024 * 1024,
};

/** mammoth has no metadata: title, author and dates come from docProps/core.xml. */
async function coreProperties(
  buf: Buffer,
): Promise<{ title: string | null; creator: string | null; created: string | null }> {
  try {
    const entries = await readZip(buf, CORE_LIMITS);
    const core = entries.find((e) => e.name === 'docProps/core.xml');
    if (!core) return { title: null, creator: null, created: null };
    const { document } = linkedom().parseHTML(core.bytes.toString('utf8'));
    const text = (tag: string): string | null => document.getElementsByTagName(tag)[0]?.textContent?.trim() || null;
    return { title: text('dc:title'), creator: text('dc:creator'), created: text('dcterms:created') };
  } catch {
    return { title: null, creator: null, created: null };
  }
}

export const docxImporter: ImporterEntry = {
  format: 'docx',
  label: 'Word document',
  extensions: ['.docx'],
  archive: false,
  create: () => ({
    async parse(bytes, meta) {
      const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      let html: string;
      try {
        html = (await mammothLib().convertToHtml({ buffer: buf })).value;
      } catch (cause) {
        throw new FileRejected(
          `not a readable Word document (${cause instanceof Error ? cause.message.split('\n')[0] : 'parse error'})`,
        );
      }
      const { text, headings } = htmlToText(html);
      if (text.trim() === '') throw new FileRejected('the document has no text');
      const props = await coreProperties(buf);
      return single({
        title: props.title ?? headings[0] ?? titleFromFileName(meta.name),
        headline: null,
        source: null,
        byline: props.creator,
        dateline: null,
        publishedAt: toIsoDate(props.created),
        text,
        html,
        headings,
        related: [],
        tags: [],
      });
    },
  }),
};
