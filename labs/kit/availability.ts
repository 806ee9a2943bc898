// Can a lab run here? Labs that set sysctls need a namespace; labs that drop packets need
// nft, and labs that capture need tcpdump, inside one. When not, say what would enable it.

import type { LabNeeds } from './lab.ts';
import type { SandboxChoice } from './sandbox.ts';
import { findTool, installHint } from './tools.ts';

export interface Availability {
  available: boolean;
  why?: string;
}

export function availability(needs: LabNeeds, sandbox: SandboxChoice): Availability {
  const reasons: string[] = [];
  const inNamespace = sandbox.mode !== 'host';
  const wantsNamespace = Object.keys(needs.sysctls ?? {}).length > 0 || needs.nft || needs.tcpdump;
  if (wantsNamespace && !inNamespace) {
    const what = [
      Object.keys(needs.sysctls ?? {}).length > 0 ? 'sysctls' : null,
      needs.nft ? 'nft rules' : null,
      needs.tcpdump ? 'a capture' : null,
    ]
      .filter(Boolean)
      .join(', ');
    reasons.push(
      `needs a network namespace for ${what}, but ${sandbox.why ?? 'namespaces are unavailable'}${sandbox.fix ? ` (fix: ${sandbox.fix})` : ''}`,
    );
  }
  if (needs.nft && !findTool('nft')) reasons.push(`needs nft (${installHint('nft')})`);
  if (needs.tcpdump && !findTool('tcpdump')) reasons.push(`needs tcpdump (${installHint('tcpdump')})`);
  for (const tool of needs.tools ?? []) {
    if (!findTool(tool)) reasons.push(`needs ${tool} (sudo apt-get install -y ${tool})`);
  }
  return reasons.length === 0 ? { available: true } : { available: false, why: reasons.join('; ') };
}
