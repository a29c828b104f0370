// Article bodies and images on disk, outside library.json:
// articles/<id>.html and .txt, written once; assets/<sha256>.<ext>, content-addressed.

import { promises as fs, existsSync } from 'node:fs';
import path from 'node:path';
import { sha256 } from '../model/identity.js';
import { writeFileAtomic, writeFilesAtomic } from './atomic.js';

const ASSET_NAME = /^[0-9a-f]{64}\.(png|jpe?g|gif|webp|avif|svg|ico|bmp)$/;
const ARTICLE_ID = /^[0-9a-f]{16}$/;

export class ArticleFiles {
  readonly articlesDir: string;
  readonly assetsDir: string;

  constructor(dataDir: string) {
    this.articlesDir = path.join(dataDir, 'articles');
    this.assetsDir = path.join(dataDir, 'assets');
  }

  async init(): Promise<void> {
    await fs.mkdir(this.articlesDir, { recursive: true });
    await fs.mkdir(this.assetsDir, { recursive: true });
  }

  async write(id: string, html: string, text: string): Promise<void> {
    checkId(id);
    await writeFilesAtomic(this.articlesDir, [
      { target: path.join(this.articlesDir, `${id}.html`), data: html },
      { target: path.join(this.articlesDir, `${id}.txt`), data: text },
    ]);
  }

  async readHtml(id: string): Promise<string> {
    checkId(id);
    return readOrEmpty(path.join(this.articlesDir, `${id}.html`));
  }

  async readText(id: string): Promise<string> {
    checkId(id);
    return readOrEmpty(path.join(this.articlesDir, `${id}.txt`));
  }

  async remove(id: string): Promise<void> {
    checkId(id);
    await fs.rm(path.join(this.articlesDir, `${id}.html`), { force: true });
    await fs.rm(path.join(this.articlesDir, `${id}.txt`), { force: true });
  }

  /** Store an image once, named by its content. Returns the asset name. */
  async writeAsset(bytes: Uint8Array, ext: string): Promise<string> {
    const name = `${sha256(bytes)}.${ext.toLowerCase()}`;
    if (!ASSET_NAME.test(name)) throw new Error(`store: asset type .${ext} is not an image type we keep`);
    const file = path.join(this.assetsDir, name);
    if (!existsSync(file)) await writeFileAtomic(file, bytes);
    return name;
  }

  /** Absolute path of an asset if the name is well-formed and the file exists; else null. */
  assetPath(name: string): string | null {
    if (!ASSET_NAME.test(name)) return null;
    const file = path.join(this.assetsDir, name);
    return existsSync(file) ? file : null;
  }
}

export function isAssetName(name: string): boolean {
  return ASSET_NAME.test(name);
}

function checkId(id: string): void {
  if (!ARTICLE_ID.test(id)) throw new Error(`store: ${id}: not an article id`);
}

async function readOrEmpty(file: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}
