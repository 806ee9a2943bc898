import { defineLab } from '../kit/lab.ts';
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
    server: { file: 'server.ts', side: 'server' },
    client: { file: '../close-wait-leak/client.ts', side: 'client' },
  },
  exercise: closeOnEofExercise,
  plan: closeOnEofPlan,
});
