import type * as Linkedom from 'linkedom';
import type Mammoth from 'mammoth';
import { lazyRequire } from '../lazy';
import { debugDetail } from '../debug-log';

const mammothLib = lazyRequire<typeof Mammoth>('mammoth');
const linkedom = lazyRequire<typeof Linkedom>('linkedom');
import { titleFromFileName, toIsoDate } from '../dates';
import { htmlToText } from '../dom-text';
import { DEFAULT_LIMITS, inflateLimits } from '../limits';
import { walkZip } from '../zip-read';
import { FileRejected, single, type FileMeta, type ImporterEntry } from '../types';

type CoreProperties = { title: string | null; creator: string | null; created: string | null };

/**
 * Pre-scan under the shared inflate budget, before mammoth sees the file: mammoth (through
 * JSZip) inflates every part in memory and trusts the size headers, so a 0.3 MB document whose
 * document.xml inflates to 300 MB would otherwise take seconds and a gigabyte and a half. The same
 * pass keeps docProps/core.xml, because mammoth has no metadata: title, author and dates come
 * from there.
 */
async function scan(buf: Buffer, meta: FileMeta): Promise<CoreProperties> {
  const inflate = meta.inflate ?? { limits: inflateLimits(DEFAULT_LIMITS) };
  const found: { core?: Buffer } = {};
  try {
    await walkZip(
      buf,
      {
        maxEntries: 5000,
        maxTotalBytes: inflate.limits.maxTotalBytes,
        maxRatio: inflate.limits.maxRatio,
        maxEntryBytes: inflate.limits.maxTotalBytes,
      },
      {
        label: 'the document',
        outer: inflate.outer,
        keep: (name) => name === CORE,
        visit: (e) => {
          if (e.name === CORE) found.core = e.bytes;
        },
      },
    );
  } catch (cause) {
    if (cause instanceof FileRejected && !cause.message.startsWith('not a readable zip'))
      throw new FileRejected(cause.message);
    throw new FileRejected('not a readable Word document (it is not a zip package)');
  }
  if (!found.core) return { title: null, creator: null, created: null };
  const { document } = linkedom().parseHTML(found.core.toString('utf8'));
  const text = (tag: string): string | null => document.getElementsByTagName(tag)[0]?.textContent?.trim() || null;
  return { title: text('dc:title'), creator: text('dc:creator'), created: text('dcterms:created') };
}

const CORE = 'docProps/core.xml';

export const docxImporter: ImporterEntry = {
  format: 'docx',
  label: 'Word document',
  extensions: ['.docx'],
  archive: false,
  create: () => ({
    async parse(bytes, meta) {
      const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const props = await scan(buf, meta);
      let html: string;
      try {
        html = (await mammothLib().convertToHtml({ buffer: buf })).value;
      } catch (cause) {
        debugDetail('docx', cause);
        throw new FileRejected('not a readable Word document (the file is damaged or not a Word file)');
      }
      const { text, headings } = htmlToText(html);
      if (text.trim() === '') throw new FileRejected('the document has no text');
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
