/**
 * One EndNote XML `<record>` → its leaves in document order, each with a path relative to the record
 * (`titles/title`, `contributors/authors/author`) and its text. Rich-text `<style>` runs inside a
 * field are concatenated; attributes of field elements become `path@name` leaves.
 *
 * fast-xml-parser reads the markup; entity decoding is done here, once, because the library leaves
 * numeric references (`&#13;`) alone and decoding after it would double-decode `&amp;#13;`.
 */
import { XMLParser } from 'fast-xml-parser';

export interface Leaf {
  path: string;
  value: string;
}

/** Tag names that would be dangerous as object keys; renamed before the library builds its objects. */
const UNSAFE_NAMES = new Set([
  '__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf', 'isPrototypeOf',
  'propertyIsEnumerable', 'toLocaleString', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__',
]);
const UNSAFE_TAG = 'unsafe-tag';

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  // Runs like `<style>Plain </style><style face="bold">Bold</style>` need their edge spaces.
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  // Decoded by decodeXmlEntities (see module note); no DOCTYPE ever reaches the parser either.
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  transformTagName: (name) => (UNSAFE_NAMES.has(name) ? UNSAFE_TAG : name),
  transformAttributeName: (name) => (UNSAFE_NAMES.has(name) ? UNSAFE_TAG : name),
});

/** A node as fast-xml-parser returns it with preserveOrder: one element key (or #text) plus ':@' attributes. */
type OrderedNode = Record<string, unknown>;

const XML_ENTITIES: ReadonlyMap<string, string> = new Map([
  ['amp', '&'], ['lt', '<'], ['gt', '>'], ['quot', '"'], ['apos', "'"],
]);

/** Decode the five XML entities and numeric references in one pass; unknown names stay as written. */
export function decodeXmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{0,31});/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return XML_ENTITIES.get(ref) ?? whole;
  });
}

function elementName(node: OrderedNode): string | undefined {
  for (const key of Object.keys(node)) if (key !== ':@') return key;
  return undefined;
}

function childrenOf(node: OrderedNode, name: string): OrderedNode[] {
  const children = node[name];
  return Array.isArray(children) ? (children as OrderedNode[]) : [];
}

function attributesOf(node: OrderedNode): [string, string][] {
  const attrs = node[':@'];
  if (!attrs || typeof attrs !== 'object') return [];
  return Object.entries(attrs as Record<string, unknown>).map(([k, v]) => [k, decodeXmlEntities(String(v))]);
}

/** Text of a node's subtree: text nodes and style runs; indentation-only text between runs is dropped. */
function textOf(children: OrderedNode[]): string {
  let out = '';
  for (const child of children) {
    const name = elementName(child);
    if (name === '#text') {
      const text = String(child['#text'] ?? '');
      if (/^[ \t]*[\r\n][\s]*$/.test(text)) continue;
      out += decodeXmlEntities(text);
    } else if (name !== undefined) {
      out += textOf(childrenOf(child, name));
    }
  }
  return out;
}

/** An element is a field (leaf) when it holds only text and `<style>` runs. */
function isField(children: OrderedNode[]): boolean {
  return children.every((c) => {
    const name = elementName(c);
    return name === '#text' || name === 'style';
  });
}

function walk(nodes: OrderedNode[], prefix: string, out: Leaf[]): void {
  for (const node of nodes) {
    const name = elementName(node);
    if (name === undefined || name === '#text' || name === UNSAFE_TAG) continue;
    const path = prefix ? `${prefix}/${name}` : name;
    const children = childrenOf(node, name);
    for (const [attr, value] of attributesOf(node)) {
      if (attr !== UNSAFE_TAG && value !== '') out.push({ path: `${path}@${attr}`, value });
    }
    if (isField(children)) {
      const value = textOf(children);
      if (value.trim() !== '') out.push({ path, value });
    } else {
      walk(children, path, out);
    }
  }
}

/** A record the XML parser cannot read; `offset` (into the record's text) where it says so. */
export class RecordXmlError extends Error {
  constructor(message: string, readonly offset: number | undefined) {
    super(message);
    this.name = 'RecordXmlError';
  }
}

/** Leaves of one `<record>…</record>` chunk (the record element itself is not part of the paths). Throws RecordXmlError. */
export function recordLeaves(recordXml: string): Leaf[] {
  let doc: OrderedNode[];
  try {
    doc = parser.parse(recordXml) as OrderedNode[];
  } catch (error) {
    // fast-xml-parser throws plain Errors for malformed markup ("Comment is not closed.",
    // "readTagExp returned undefined at position 8. Context: …"): the file's problem, not a bug.
    if (!(error instanceof Error)) throw error;
    const context = error.message.indexOf('Context:');
    const said = (context >= 0 ? error.message.slice(0, context) : error.message).trim().slice(0, 200).replace(/\.$/, '');
    const message = said.startsWith('readTagExp') ? 'a tag or attribute is not closed' : said;
    const at = /\bat position (\d{1,10})\b/.exec(message);
    throw new RecordXmlError(message, at ? Number(at[1]) : undefined);
  }
  const out: Leaf[] = [];
  for (const node of doc) {
    const name = elementName(node);
    if (name === 'record') walk(childrenOf(node, name), '', out);
  }
  return out;
}
