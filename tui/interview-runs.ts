// The runs that settle interview questions. Each is a LabSession in fast mode, added to the
// app's tracker like a lab screen's, so quitting waits for its processes and leaving the
// screen stops it; the app keeps the latest, so Ctrl-C stops it as it stops a lab's run.

import { useCallback, useMemo, useRef } from 'react';
import type { RunReport } from '../checker/verdict.ts';
import type { Lab } from '../labs/kit/lab.ts';
import { LabSession, type Runner } from './lab-session.ts';
import type { SessionTracker } from './session-tracker.ts';

export interface InterviewRuns {
  /** Start the lab's run, fast, with no step or predict mode; `onReport` gets its report. */
  start: (lab: Lab, onReport: (report: RunReport) => void) => LabSession;
  /** Leaving the run: it is stopped, and the tracker waits for its cleanup. */
  end: (run: LabSession) => void;
  /** The latest run, for Ctrl-C. */
  current: { readonly current: LabSession | null };
}

export function useInterviewRuns(tracker: SessionTracker, runner: Runner | undefined): InterviewRuns {
  const current = useRef<LabSession | null>(null);
  const start = useCallback(
    (lab: Lab, onReport: (report: RunReport) => void) => {
      const run = new LabSession(lab, null, runner, onReport);
      run.preset({ fast: true, stepMode: false, predictMode: false });
      tracker.add(run);
      current.current = run;
      run.start({ mode: 'demo' });
      return run;
    },
    [tracker, runner],
  );
  const end = useCallback(
    (run: LabSession) => {
      tracker.retire(run);
      if (current.current === run) current.current = null;
    },
    [tracker],
  );
  // One object while the tracker and runner stay: screens may depend on it in effects.
  return useMemo(() => ({ start, end, current }), [start, end]);
}
