export { Curator, type CuratorOptions, type CuratorReview } from './curator.ts';
