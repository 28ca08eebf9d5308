import { log } from '../messages/legacy-messages.js';
import type { Mode, Settings } from '../config/settings.js';
import type { Engine } from '../engine/detection.js';
import { advancedPorts } from './advanced-ports.js';
import type { ModeStarter, StartReport } from './mode-starter.js';
import { PacketDetector } from './packet-detector.js';
import { PacketDetector6 } from './packet-detector6.js';
import { normaliseSpec } from './bpf-filter.js';
import { stealthPorts, type PlannedSpec } from './stealth-ports.js';
import { prepareRules } from './visibility.js';

type Planner = (settings: Settings, emit: (t: string) => void) => PlannedSpec | null;

const PLANNERS: Partial<Record<Mode, Planner>> = {
  // PortSentryStealthModeTCP / PortSentryStealthModeUDP
  stcp: (s, e) => stealthPorts('TCP', s, e),
  sudp: (s, e) => stealthPorts('UDP', s, e),
  // PortSentryAdvancedStealthModeTCP / PortSentryAdvancedStealthModeUDP
  atcp: (s, e) => advancedPorts('TCP', s, e),
  audp: (s, e) => advancedPorts('UDP', s, e),
};

/** The stealth and advanced modes over libpcap: start-up checks as 1.2's, then the capture. */
export const starterFor = (mode: Mode): ModeStarter => {
  const plan = PLANNERS[mode];
  if (plan === undefined) throw new Error(`portsentry: -${mode} is not a stealth mode`);
  return async (settings: Settings, engine: Engine, emit: (t: string) => void, report?: StartReport) => {
    const spec = plan(settings, emit);
    if (spec === null) return false;
    await prepareRules();
    const { v6, ...v4 } = spec;
    report?.watching(normaliseSpec(v4).ports, v4.inUse ?? []);
    const detector = new PacketDetector(settings, engine, emit, v4, report);
    if (!detector.start()) return false;
    // ENABLE_IPV6: the IPv6 capture beside it (a failure is logged; the IPv4 capture goes on)
    if (v6 !== undefined) new PacketDetector6(settings, detector, emit, v6).start();
    emit(log.active);
    return true;
  };
};
