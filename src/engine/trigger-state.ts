/** MAXSTATE: the number of past visits 1.2 remembers. */
export const MAX_STATE = 50;

/**
 * CheckStateEngine(): a fixed ring of the last 50 visits (not hosts). A visit triggers when the
 * visits already remembered for that address, plus this one, reach SCAN_TRIGGER; every visit is
 * then remembered, overwriting the oldest once the ring is full. SCAN_TRIGGER 0 or 1 (or less)
 * triggers on every visit. Memory is fixed whatever the number of sources.
 */
export class TriggerState {
  private readonly slots: string[] = new Array<string>(MAX_STATE).fill('');
  private next = 0;

  constructor(readonly trigger: number) {}

  visit(target: string): boolean {
    if (this.trigger <= 0) return true;
    let seen = 1;
    for (const slot of this.slots) {
      if (slot === target && ++seen >= this.trigger) break;
    }
    if (this.next >= MAX_STATE) this.next = 0;
    this.slots[this.next++] = target;
    return seen >= this.trigger;
  }

  /** true when 1.2 logs its three "Trigger value ... is larger" lines and blocks anyway */
  get tooLarge(): boolean {
    return this.trigger > MAX_STATE;
  }
}
