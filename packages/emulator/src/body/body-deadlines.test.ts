import { describe, expect, it } from 'vitest';
import { BodyDeadlines } from './body-deadlines.js';

describe('BodyDeadlines', () => {
  it('fires an overdue deadline once, never a removed one, and stops sweeping when none is left', async () => {
    const deadlines = new BodyDeadlines(5);
    const fired: string[] = [];
    const overdue = {};
    const removed = {};
    const later = {};
    deadlines.add(overdue, performance.now() - 1, () => fired.push('overdue'));
    deadlines.add(removed, performance.now() - 1, () => fired.push('removed'));
    deadlines.add(later, performance.now() + 60_000, () => fired.push('later'));
    deadlines.remove(removed);
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (fired.length === 0) return;
        clearInterval(check);
        resolve();
      }, 1);
    });
    expect(fired).toEqual(['overdue']);
    deadlines.stop();
    expect(fired).toEqual(['overdue']);
  });
});
