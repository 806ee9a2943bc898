import { labAvailability, sysctlsInNamespace, sysctlsOf } from '../../labs/kit/availability.ts';
import { TOPIC_TITLES, type Topic } from '../../labs/kit/lab.ts';
import { loadLabs } from '../../labs/kit/registry.ts';
import { chooseSandbox } from '../../labs/kit/sandbox.ts';
import type { CommandIo } from '../io.ts';
import { cliWords } from '../words.ts';

export interface LabListing {
  id: string;
  title: string;
  topic: Topic;
  seed: string;
  needs: { sysctls: string[]; nft: boolean; tcpdump: boolean };
  available: boolean;
  /** Why it cannot run here, or (when it can) which of its steps this kernel makes it skip. */
  why?: string;
}

export async function listLabs(): Promise<LabListing[]> {
  const [labs, sandbox] = await Promise.all([loadLabs(), chooseSandbox()]);
  const present = sysctlsInNamespace(sysctlsOf(labs), sandbox);
  return Promise.all(
    labs.map(async (lab) => {
      const can = await labAvailability(lab, sandbox, present);
      return {
        id: lab.id,
        title: lab.title,
        topic: lab.topic,
        seed: lab.seed,
        needs: {
          sysctls: Object.keys(lab.needs.sysctls ?? {}),
          nft: Boolean(lab.needs.nft),
          tcpdump: Boolean(lab.needs.tcpdump),
        },
        available: can.available,
        ...(can.why ? { why: can.why } : {}),
      };
    }),
  );
}

export function formatListing(listing: readonly LabListing[], io: CommandIo): string {
  const lines: string[] = [];
  for (const topic of Object.keys(TOPIC_TITLES) as Topic[]) {
    const labs = listing.filter((lab) => lab.topic === topic);
    if (labs.length === 0) continue;
    lines.push(io.paint('bold', TOPIC_TITLES[topic]));
    for (const lab of labs) {
      const line = `  ${lab.id.padEnd(26)} ${lab.title}`;
      if (!lab.available)
        lines.push(io.paint('dim', `${line}  ${cliWords('list.unavailable', { why: lab.why ?? '' })}`));
      else lines.push(lab.why ? `${line}  ${io.paint('yellow', `(${lab.why})`)}` : line);
    }
  }
  return lines.join('\n');
}

export async function listCommand(io: CommandIo): Promise<number> {
  const listing = await listLabs();
  if (io.json) io.out(JSON.stringify(listing, null, 2));
  else {
    io.out(formatListing(listing, io));
    io.out(`\n${cliWords('list.how')}`);
  }
  return 0;
}
