/** What the task dialog does. */
export type TaskAction = 'done' | 'skip' | 'move';
