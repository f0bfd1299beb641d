import { describe, expect, it } from 'vitest';
import { sourceLabels } from '../../src/renderer/src/format';

describe('source labels in the sidebar', () => {
  it('tells apart real newsletter senders that start alike (SpamAssassin mail)', () => {
    const names = [
      'CNET News.com Daily Dispatch',
      'CNET News.com Investor Dispatch',
      'CNET News.com',
      'CNET Shopper Newsletter Alerts',
      'CNET Download.com for Mac',
      'The Motley Fool',
      'Policy Desk',
    ];
    const labels = sourceLabels(names);
    expect(labels.get('CNET News.com Daily Dispatch')).toBe('CNET… Daily Dispatch');
    expect(labels.get('CNET News.com Investor Dispatch')).toBe('CNET… Investor Dispatch');
    // Distinct starts, and short names, are left as they are.
    expect(labels.get('CNET Shopper Newsletter Alerts')).toBe('CNET Shopper Newsletter Alerts');
    expect(labels.get('CNET News.com')).toBe('CNET News.com');
    expect(labels.get('Policy Desk')).toBe('Policy Desk');
    // What shows before a narrow column cuts the rest off is now different for each.
    const seen = [...labels.values()].map((l) => l.slice(0, 15));
    expect(new Set(seen).size).toBe(names.length);
  });

  it('keeps the start and the end of long single tokens that start alike', () => {
    const labels = sourceLabels(['newsletter@jobfair24.de', 'newsletter@jobfair25.de']);
    expect(labels.get('newsletter@jobfair24.de')).toBe('newsle…fair24.de');
    expect(labels.get('newsletter@jobfair24.de')).not.toBe(labels.get('newsletter@jobfair25.de'));
  });
});
