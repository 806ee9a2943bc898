import { defineLab, playing } from '../kit/lab.ts';
import { closeOnEofExercise, closeOnEofPlan } from './close-on-eof.ts';

export default defineLab({
  id: 'close-wait-fixed',
  title: 'CLOSE-WAIT fixed: close on EOF',
  topic: 'teardown',
  seed: '001',
  summary: 'The server closes when it reads EOF: no CLOSE-WAIT remains and the client holds TIME-WAIT.',
  needs: {},
  port: 8818,
  programs: {
    ...playing('server', 'server.ts', 'server'),
    ...playing('client', '../close-wait-leak/client.ts', 'client'),
  },
  exercises: [closeOnEofExercise],
  plan: closeOnEofPlan,
});
