import type { LabelledRecord } from '../../../../src/stages/screen/rank/simulate.js';

/**
 * A small synthetic review: relevant records talk about one topic, irrelevant ones about others,
 * with shared filler words, so a model can learn the difference but not from any single word.
 */
export function syntheticReview(size: number, relevantEvery: number): LabelledRecord[] {
  const topics = ['asthma inhaler children trial', 'hip fracture surgery elderly', 'diabetes insulin dosage', 'stroke rehabilitation therapy'];
  const filler = ['randomised', 'cohort', 'outcomes', 'patients', 'hospital', 'study', 'results', 'methods'];
  return Array.from({ length: size }, (_, i) => {
    const relevant = i % relevantEvery === 0;
    const topic = relevant ? 'exercise therapy depression adults' : (topics[i % topics.length] as string);
    const words = [topic, filler[i % filler.length], filler[(i * 3) % filler.length], `variant${i % 7}`];
    return {
      id: `r${String(i).padStart(4, '0')}`,
      title: `${topic} ${filler[(i + 1) % filler.length]}`,
      abstract: words.join(' '),
      keywords: relevant ? 'Depression; Exercise Therapy' : 'Humans',
      relevant,
    };
  });
}
