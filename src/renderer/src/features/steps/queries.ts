// A step's engine calls: run, mark, and an edit step's diff and apply.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApp } from '../../app/store';
import { engine } from '../../engine/client';
import { sessionKeys } from '../../engine/queryKeys';

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Run a step in the attached terminal, or mark it; a failure is shown under the step. */
export function useStepCommands(sessionId: number) {
  const setStepError = useApp((s) => s.setStepError);
  const run = useMutation({
    mutationFn: ({ stepId, terminalId, confirmRerun }: { stepId: string; terminalId: string; confirmRerun: boolean }) =>
      engine().client.request('step.run', { sessionId, stepId, terminalId, confirmRerun }),
    // A step whose work was done already passes without a run: its journaled note (StepDetail) says why.
    onMutate: () => setStepError(null),
    onError: (error) => setStepError(message(error)),
  });
  const mark = useMutation({
    mutationFn: ({ stepId, status }: { stepId: string; status: 'passed' | 'skipped' | 'pending' }) =>
      engine().client.request('step.mark', { sessionId, stepId, status }),
    onError: (error) => setStepError(message(error)),
  });
  return {
    /** `confirmRerun`: the user said yes to running again a step whose rerun repeats what it changed. */
    runStep: (stepId: string, terminalId: string, confirmRerun = false) => run.mutate({ stepId, terminalId, confirmRerun }),
    markStep: (stepId: string, status: 'passed' | 'skipped' | 'pending') => mark.mutate({ stepId, status }),
  };
}

/** The diff an edit step would make, worked out afresh each time the step is shown (gcTime 0: never an old one). */
export function useEditPreview(sessionId: number, stepId: string) {
  const queryClient = useQueryClient();
  const queryKey = sessionKeys.editPreview(sessionId, stepId);
  const query = useQuery({ queryKey, queryFn: () => engine().client.request('step.preview', { sessionId, stepId }), gcTime: 0 });
  /** Forget the diff shown and work it out again. */
  const refresh = (): void => void queryClient.resetQueries({ queryKey });
  return { ...query, refresh };
}

export function useApplyEdit(sessionId: number, stepId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (digest: string) => engine().client.request('step.apply', { sessionId, stepId, digest }),
    onSuccess: () => {
      // Show what is left to change (nothing, normally), and the pins as they are now.
      void queryClient.resetQueries({ queryKey: sessionKeys.editPreview(sessionId, stepId) });
      void queryClient.invalidateQueries({ queryKey: sessionKeys.preflight(sessionId) });
    },
  });
}
