import { ranges, type PortSet } from '../capture/bpf-filter.js';

const rangeText = (ports: readonly number[]): string =>
  ranges([...ports].sort((a, b) => a - b))
    .map(([a, b]) => (a === b ? String(a) : `${a}-${b}`))
    .join(', ');

/** how many ports a set watches */
export const watchedCount = (ports: PortSet): number => {
  if (ports.kind === 'list') return ports.ports.length;
  if (ports.kind === 'below') return ports.limit - ports.except.length;
  return 65536;
};

/** "1, 11, 79-81 (5 ports)", "0-1023 but 22, 111 (1022 ports)", "every port (65536 ports)" */
export const portSetText = (ports: PortSet): string => {
  const n = watchedCount(ports);
  const count = `(${n} port${n === 1 ? '' : 's'})`;
  if (ports.kind === 'list') return n === 0 ? 'none' : `${rangeText(ports.ports)} ${count}`;
  if (ports.kind === 'below') {
    const all = ports.limit === 1 ? '0' : `0-${ports.limit - 1}`;
    return `${all}${ports.except.length > 0 ? ` but ${rangeText(ports.except)}` : ''} ${count}`;
  }
  return `every port ${count}`;
};

/** "22, 25" or "none" */
export const portListText = (ports: readonly number[]): string => (ports.length === 0 ? 'none' : rangeText(ports));
