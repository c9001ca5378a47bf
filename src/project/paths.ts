import { join, relative, resolve, sep } from 'node:path';

/** The folder layout of a review project (design.md): one place that knows every path. */
export class ProjectPaths {
  readonly root: string;
  constructor(root: string) {
    this.root = resolve(root);
  }
  get config(): string { return join(this.root, 'review.json'); }
  get exports(): string { return join(this.root, 'exports'); }
  get decisions(): string { return join(this.root, 'decisions'); }
  get stages(): string { return join(this.root, 'stages'); }
  get history(): string { return join(this.root, 'history'); }
  /** Files made on request for other tools (e.g. a Rayyan export): outside stages/, no stage reads them, `run` does not remake them. */
  get outputs(): string { return join(this.root, 'outputs'); }
  stage(name: string): string { return join(this.stages, name); }
  stageFile(stage: string, ...file: string[]): string { return join(this.stages, stage, ...file); }
  manifest(stage: string): string { return join(this.stages, stage, 'manifest.json'); }
  /** Project-relative path with forward slashes (stable across OSes, used in manifests and provenance). */
  rel(path: string): string {
    return relative(this.root, resolve(path)).split(sep).join('/');
  }
  abs(relPath: string): string {
    return resolve(this.root, relPath);
  }
}
