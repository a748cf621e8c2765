import { type Language } from '@inps/kernel';
import { MessageCatalogue } from '@inps/shared';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

export const CHANNEL_KINDS = ['PHONE', 'ONLINE', 'APP', 'IN_PERSON'] as const;
type ChannelKind = (typeof CHANNEL_KINDS)[number];

interface ChannelContact {
  readonly id: string;
  readonly phone?: string;
  readonly url?: string;
  readonly free?: boolean;
}

interface ChannelDefinition {
  readonly id: string;
  readonly kind: ChannelKind;
  readonly free: boolean;
  readonly contacts: readonly ChannelContact[];
}

/** A channel as an outcome shows it, in one language. */
export interface PresentedChannel {
  readonly id: string;
  readonly kind: ChannelKind;
  readonly name: string;
  readonly description: string;
  readonly free: boolean;
  readonly contacts: readonly { readonly label: string; readonly kind: 'PHONE' | 'URL'; readonly value: string; readonly free: boolean | null }[];
  /** The language the words are in: the one asked for, or Italian where it has no translation. */
  readonly language: Language;
  /** Whether a native speaker reviewed the words (Italian, the original, always is). */
  readonly reviewed: boolean;
}

/**
 * The service's `guidance/channels/` folder, found by walking up to the service's root (where
 * package.json is): from src/ under ts-node and Jest, from dist/ after a build, and in the image,
 * which ships the folder beside dist/.
 */
export function findChannelsDir(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    const candidate = path.join(dir, 'guidance', 'channels');
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no guidance/channels/ folder beside a package.json above ${start}`);
    dir = parent;
  }
}

class ChannelsError extends Error {
  override readonly name = 'ChannelsError';
}

/** `channels.yaml`, checked: an error names the file and what is wrong, and stops the service at start. */
function parseChannels(text: string, source: string): ChannelDefinition[] {
  const doc = parse(text) as { channels?: unknown } | null;
  const problems: string[] = [];
  if (!doc || !Array.isArray(doc.channels) || doc.channels.length === 0) throw new ChannelsError(`${source}: channels must be a non-empty list`);
  const seen = new Set<string>();
  const channels = (doc.channels as Record<string, unknown>[]).map((c, i) => {
    const at = `channels[${i}]`;
    if (typeof c?.id !== 'string' || !/^[a-z]+(-[a-z]+)*$/.test(c.id)) problems.push(`${at}: id must be a lower-case slug`);
    else if (seen.has(c.id)) problems.push(`${at}: duplicate id ${c.id}`);
    else seen.add(c.id);
    if (!(CHANNEL_KINDS as readonly unknown[]).includes(c?.kind)) problems.push(`${at}: kind must be one of ${CHANNEL_KINDS.join(', ')}`);
    if (typeof c?.free !== 'boolean') problems.push(`${at}: free must be true or false`);
    const contacts = (c?.contacts ?? []) as ChannelContact[];
    if (!Array.isArray(contacts)) problems.push(`${at}: contacts must be a list`);
    else
      contacts.forEach((k, j) => {
        if (typeof k?.id !== 'string' || !/^[a-z]+(-[a-z]+)*$/.test(k.id)) problems.push(`${at}.contacts[${j}]: id must be a lower-case slug`);
        if ((typeof k?.phone === 'string') === (typeof k?.url === 'string')) problems.push(`${at}.contacts[${j}]: give a phone or a url`);
        if (typeof k?.url === 'string' && !k.url.startsWith('https://')) problems.push(`${at}.contacts[${j}]: url must be https`);
        if (k?.free !== undefined && typeof k.free !== 'boolean') problems.push(`${at}.contacts[${j}]: free must be true or false`);
      });
    return { id: c?.id, kind: c?.kind, free: c?.free, contacts: Array.isArray(contacts) ? contacts : [] } as ChannelDefinition;
  });
  if (problems.length > 0) throw new ChannelsError(`${source}:\n  ${problems.join('\n  ')}`);
  return channels;
}

/**
 * The national channels (where to turn wherever one lives) and the words of the where-to-go part
 * of an outcome: `channels.yaml` for numbers and addresses, the message catalogue `<language>.yaml`
 * for the words. Loaded once; a channel without its Italian words stops the service at start.
 */
export class NationalChannels {
  private constructor(
    private readonly channels: readonly ChannelDefinition[],
    readonly catalogue: MessageCatalogue,
  ) {}

  static load(dir: string = findChannelsDir()): NationalChannels {
    const file = path.join(dir, 'channels.yaml');
    const channels = parseChannels(fs.readFileSync(file, 'utf8'), file);
    const catalogue = MessageCatalogue.load(dir);
    const missing = channels
      .flatMap((c) => [`${c.id}.name`, `${c.id}.description`, ...c.contacts.map((k) => `${c.id}.${k.id}`)])
      .filter((key) => !catalogue.has(key));
    if (missing.length > 0) throw new ChannelsError(`${dir}/it.yaml: no words for ${missing.join(', ')}`);
    return new NationalChannels(channels, catalogue);
  }

  in(language: Language): PresentedChannel[] {
    return this.channels.map((c) => {
      const name = this.catalogue.text(`${c.id}.name`, language);
      const description = this.catalogue.text(`${c.id}.description`, language);
      const labels = c.contacts.map((k) => this.catalogue.text(`${c.id}.${k.id}`, language));
      const texts = [name, description, ...labels];
      return {
        id: c.id,
        kind: c.kind,
        name: name.text,
        description: description.text,
        free: c.free,
        contacts: c.contacts.map((k, i) => ({
          label: labels[i]!.text,
          kind: k.phone !== undefined ? ('PHONE' as const) : ('URL' as const),
          value: (k.phone ?? k.url)!,
          free: k.free ?? null,
        })),
        // One catalogue file per language, so a channel's words are all in one language, unless some fell back to Italian.
        language: texts.every((t) => t.language === name.language) ? name.language : 'it',
        reviewed: texts.every((t) => t.reviewed),
      };
    });
  }

  /** The name of a kind of venue (`SOUP_KITCHEN`); one the catalogue does not know reads as "other venue". */
  venueKind(venueType: string, language: Language): string {
    const key = `venue.${venueType}`;
    return this.catalogue.words(this.catalogue.has(key) ? key : 'venue.OTHER', language);
  }
}
