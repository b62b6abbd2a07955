import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Longest files first, across projects, so the two workers finish together instead of one of them
 * running a two-minute browser file alone at the end (Vitest's own order runs project by project,
 * so every browser file came after every API file).
 *
 * A file's expected time is its duration in Vitest's results cache when there is one (a previous
 * run on this machine); on a clean clone (CI) it is estimated from what the file does: a browser
 * file or one that spawns `atiende serve` processes takes tens of seconds, an API file a few.
 */
export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const cache = this.ctx.cache;
    const root = this.ctx.config.root;
    const expected = (spec: TestSpecification): number => {
      const key = `${spec.project.name}:${path.relative(root, spec.moduleId)}`;
      const known = cache.getFileTestResults(key);
      if (known && !known.failed && known.duration > 0) return known.duration;
      const file = path.basename(spec.moduleId);
      if (spec.project.name === 'e2e') return /^a11y/.test(file) ? 90_000 : 35_000;
      if (/\.processes\.test\.ts$|^cluster\.test\.ts$|\.servers\.test\.ts$/.test(file)) return 45_000;
      if (spec.project.name === 'unit') return 50;
      // An API file: roughly its size (a long file holds more cases).
      return (cache.getFileStats(key)?.size ?? 5_000) / 2;
    };
    const weight = new Map(files.map((f) => [f, expected(f)]));
    return [...files].sort((a, b) => weight.get(b)! - weight.get(a)!);
  }
}
