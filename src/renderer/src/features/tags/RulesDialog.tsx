import { useState } from 'react';
import { RULE_FIELDS, type NewTagRule, type RuleField } from '../../../../shared/model';
import { useStore } from '../../store';
import { Dialog } from './Dialog';

const FIELD_LABEL: Record<RuleField, string> = {
  any: 'anything',
  source: 'source',
  title: 'title',
  text: 'text',
  dateline: 'dateline',
};

/**
 * Tagging rules: "when the source contains X, add tag Y". Rules run on every import; "Apply to
 * library" runs one over what is already there, after showing how many briefings it would tag.
 */
export function RulesDialog({ onClose }: { onClose: () => void }) {
  const rules = useStore((s) => s.organize.rules);
  const addRule = useStore((s) => s.addRule);
  const removeRule = useStore((s) => s.removeRule);
  const previewRule = useStore((s) => s.previewRule);
  const applyRule = useStore((s) => s.applyRule);
  const [draft, setDraft] = useState<NewTagRule>({ field: 'source', pattern: '', tag: '' });
  const [problem, setProblem] = useState<string | null>(null);
  const [previews, setPreviews] = useState<Record<number, number>>({});

  const preview = (id: number, rule: NewTagRule): void =>
    void previewRule(rule).then((r) => {
      if ('value' in r) setPreviews((p) => ({ ...p, [id]: r.value.count }));
      else setProblem(r.error.message);
    });

  return (
    <Dialog title="Tagging rules" onClose={onClose}>
      <p className="dialog-hint">Rules add a tag to every briefing imported from now on that matches them.</p>
      {rules.length > 0 && (
        <ul className="rules">
          {rules.map((r) => (
            <li key={r.id}>
              <span>
                When <b>{FIELD_LABEL[r.field]}</b> contains “{r.pattern}”, add <b>{r.tag}</b>
              </span>
              {previews[r.id] === undefined ? (
                <button
                  type="button"
                  className="small"
                  onClick={() => preview(r.id, { field: r.field, pattern: r.pattern, tag: r.tag })}
                >
                  Apply to library…
                </button>
              ) : (
                <button
                  type="button"
                  className="small primary"
                  disabled={previews[r.id] === 0}
                  onClick={() =>
                    void applyRule({ field: r.field, pattern: r.pattern, tag: r.tag }).then(() =>
                      setPreviews(({ [r.id]: _, ...rest }) => rest),
                    )
                  }
                >
                  {previews[r.id] === 0 ? 'Nothing to tag' : `Tag ${previews[r.id]?.toLocaleString()} briefings`}
                </button>
              )}
              <button
                type="button"
                className="icon"
                aria-label={`Delete rule for ${r.tag}`}
                onClick={() => void removeRule(r.id)}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="dialog-row rule-form"
        onSubmit={(e) => {
          e.preventDefault();
          void addRule(draft).then((err) => {
            setProblem(err ? err.message : null);
            if (!err) setDraft({ ...draft, pattern: '', tag: '' });
          });
        }}
      >
        <label htmlFor="rule-field">When</label>
        <select
          id="rule-field"
          value={draft.field}
          onChange={(e) => setDraft({ ...draft, field: e.target.value as RuleField })}
        >
          {RULE_FIELDS.map((f) => (
            <option key={f} value={f}>
              {FIELD_LABEL[f]}
            </option>
          ))}
        </select>
        <label htmlFor="rule-pattern">contains</label>
        <input
          id="rule-pattern"
          value={draft.pattern}
          maxLength={500}
          onChange={(e) => setDraft({ ...draft, pattern: e.target.value })}
        />
        <label htmlFor="rule-tag">add tag</label>
        <input
          id="rule-tag"
          value={draft.tag}
          maxLength={200}
          onChange={(e) => setDraft({ ...draft, tag: e.target.value })}
        />
        <button type="submit" className="primary">
          Add rule
        </button>
      </form>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
    </Dialog>
  );
}
