//! Live concept demos: each one runs its idea for real on threads, tasks, pools or processes.
