import { decodeText } from '../decode';
import { EXPORT_KIND, exportSchemas } from '../export-format';
import { FileRejected, NotSupported, type ImporterEntry, type ParsedItem } from '../types';

export const jsonImporter: ImporterEntry = {
  format: 'json',
  label: 'Briefings export',
  extensions: ['.json'],
  archive: false,
  create: () => ({
    parse(bytes) {
      let data: unknown;
      try {
        data = JSON.parse(decodeText(bytes).text);
      } catch {
        throw new NotSupported('not a supported format (a .json file that is not valid JSON)');
      }
      const { exportFileSchema, exportedBriefingSchema } = exportSchemas();
      const file = exportFileSchema.safeParse(data);
      if (!file.success) {
        const kind = (data as { kind?: unknown } | null)?.kind;
        if (kind === EXPORT_KIND) throw new FileRejected('a Briefings export from an unknown version of the app');
        throw new NotSupported('not a supported format (a .json file that is not a Briefings export)');
      }
      const library = { tags: file.data.tags, rules: file.data.rules, savedSearches: file.data.savedSearches };
      let carried = false;
      return file.data.briefings.map((raw, i): ParsedItem => {
        const b = exportedBriefingSchema.safeParse(raw);
        if (!b.success) {
          const issue = b.error.issues[0];
          return {
            // The field, not zod's wording ("Invalid input: expected string, received number").
            // Our own messages ("not an ISO 8601 date") are sentences; zod's are not.
            rejected: !issue?.path.length
              ? `entry ${i + 1} of the export is damaged`
              : /^not a/.test(issue.message)
                ? `entry ${i + 1} of the export is damaged (${issue.path.join('.')}: ${issue.message})`
                : `entry ${i + 1} of the export is damaged (its "${issue.path.join('.')}" is missing or not what it should be)`,
            suffix: `#${i + 1}`,
          };
        }
        const e = b.data;
        return {
          suffix: `#${i + 1}`,
          parsed: {
            title: e.title,
            headline: e.headline,
            source: e.source,
            byline: e.byline,
            dateline: e.dateline,
            publishedAt: e.publishedAt,
            url: e.url,
            language: e.language,
            text: e.text,
            html: e.html,
            headings: e.headings,
            related: e.related,
            tags: e.tags,
            originalFormat: e.format,
            originalPath: e.originalPath,
            state: {
              readState: e.readState,
              scrollProgress: e.scrollProgress,
              starred: e.starred,
              archived: e.archived,
              importedAt: e.importedAt,
              highlights: e.highlights,
              note: e.note,
              // The first valid entry carries the export's tag colours and rules to the store step.
              ...(carried ? {} : ((carried = true), { library })),
            },
          },
        };
      });
    },
  }),
};
