/** The part of electronegativity's programmatic API the security test uses (it ships no types). */
declare module '@doyensec/electronegativity' {
  type Finding = { id: string; file: string; location: { line: number }; severity: { name: string } };
  export default function run(options: {
    input: string;
    electronVersion?: string;
    isRelative?: boolean;
  }): Promise<{ issues: Finding[]; errors: unknown[] }>;
}
