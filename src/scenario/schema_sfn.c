/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The scenario language, continued: Step Functions state machines (schema.h) — a machine, its
 * states (a flat list: Parallel branches and Map item chains name their first state), their
 * retriers, catchers and choices, and the account's Step Functions quotas.  The rules and numbers
 * are the Amazon States Language's and the Step Functions developer guide's: facts §7.
 */
#include "scenario/schema_def.h"

static const char *const machine_types[] = {"standard", "express", NULL};
static const char *const machine_invocation[] = {"async", "sync", NULL};
static const char *const task_invocation[] = {"sync", "async", NULL};
static const char *const items_dists[] = {"constant", "poisson", "geometric", NULL};
static const char *const jitter_values[] = {"none", "full", NULL};
static const char *const map_modes[] = {"inline", "distributed", NULL};

#define K_TASK (1u << SLS_ST_TASK)
#define K_CHOICE (1u << SLS_ST_CHOICE)
#define K_PARALLEL (1u << SLS_ST_PARALLEL)
#define K_MAP (1u << SLS_ST_MAP)
#define K_WAIT (1u << SLS_ST_WAIT)
#define K_PASS (1u << SLS_ST_PASS)
#define K_HANDLES (K_TASK | K_PARALLEL | K_MAP)
#define K_FLOWS (K_TASK | K_PARALLEL | K_MAP | K_WAIT | K_PASS)

// clang-format off
static const sls_key retrier_keys[] = {
    {.name = "errors", .type = SLS_KT_NAMES, .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF,
     .meaning = "ErrorEquals: of \"function\" (the function failed or hit its own timeout: States.TaskFailed), "
     "\"timeout\" (the state's timeout: States.Timeout), \"throttle\" (Lambda.TooManyRequestsException), "
     "\"failed\" (a Fail state in a branch), \"all\" (States.ALL)"},
    {.name = "interval", .type = SLS_KT_TIME, .lo = 0, .hi = 99999999, .def = 1, AT(sls_retrier_spec, interval),
     .meaning = "IntervalSeconds: the wait before the first retry (ASL: 1 s by default)"},
    {.name = "backoff_rate", .type = SLS_KT_NUM, .lo = 1, .hi = 1000, .def = 2, AT(sls_retrier_spec, backoff),
     .meaning = "BackoffRate: each retry's wait is the last one's times this (ASL: 2.0 by default)"},
    {.name = "max_attempts", .type = SLS_KT_INT, .lo = 0, .hi = 99999999, .def = 3,
     AT(sls_retrier_spec, max_attempts),
     .meaning = "MaxAttempts: retries for these errors within one visit of the state (ASL: 3; 0: never)"},
    {.name = "max_delay", .type = SLS_KT_TIME, .lo = 0, .hi = 31622400, .def = INFINITY,
     .flags = SLS_KF_NONE, AT(sls_retrier_spec, max_delay),
     .meaning = "MaxDelaySeconds: no wait longer than this (ASL, since 2023; none by default)"},
    {.name = "jitter", .type = SLS_KT_ENUM, .values = jitter_values, .def = 0, AT(sls_retrier_spec, jitter_full),
     .meaning = "JitterStrategy: \"full\" waits uniformly between 0 and the computed wait (ASL: none by "
     "default)"},
};
SCHEMA(sls_schema_retrier, "retrier", "state_machines = ( { states = ( { retry = ( { errors = [\"all\"]; } ); } ); } );",
       "a Retry rule of a Task, Parallel or Map state (Amazon States Language; facts §7)", retrier_keys);

static const sls_key catcher_keys[] = {
    {.name = "errors", .type = SLS_KT_NAMES, .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF,
     .meaning = "ErrorEquals, as in a retrier"},
    {.name = "next", .type = SLS_KT_NAME, .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF,
     .meaning = "the state to go to (in the same branch): a compensation, a notification"},
};
SCHEMA(sls_schema_catcher, "catcher", "state_machines = ( { states = ( { catch = ( { errors = [\"all\"]; next = \"...\"; } ); } ); } );",
       "a Catch rule: after the retries, errors it names go to its state (the execution is then counted as "
       "compensated)", catcher_keys);

static const sls_key choice_keys[] = {
    {.name = "probability", .type = SLS_KT_NUM, .lo = 0, .hi = 1, .flags = SLS_KF_REQUIRED,
     AT(sls_choice_spec, probability), NODEF, .unit = "probability",
     .meaning = "the share of visits that take this branch (what the rule would match in the data)"},
    {.name = "next", .type = SLS_KT_NAME, .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF,
     .meaning = "the state it goes to"},
};
SCHEMA(sls_schema_choice, "choice", "state_machines = ( { states = ( { choices = ( { probability = 0.1; next = \"...\"; } ); } ); } );",
       "a Choice rule, as the share of visits it matches", choice_keys);

static const sls_key state_keys[] = {
    {.name = "name", .type = SLS_KT_NAME, .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF,
     .meaning = "unique in its state machine"},
    {.name = "type", .type = SLS_KT_ENUM, .values = sls_state_types, .flags = SLS_KF_REQUIRED | SLS_KF_CODE,
     .off = -1, NODEF, .meaning = "Task, Choice, Parallel, Map, Wait, Pass, Succeed or Fail"},
    {.name = "next", .type = SLS_KT_NAME, BY_CODE, NODEF, .kinds = K_FLOWS,
     .meaning = "the state after it (one of next or end = true)"},
    {.name = "end", .type = SLS_KT_BOOL, BY_CODE, NODEF, .kinds = K_FLOWS,
     .meaning = "true: it ends its execution, or its Parallel branch or Map item"},
    {.name = "resource", .type = SLS_KT_NAME, BY_CODE, NODEF, .kinds = K_TASK,
     .meaning = "what the task calls: a function (Lambda Invoke), a queue (SendMessage), a topic (Publish) or "
     "a bus (PutEvents)"},
    {.name = "invocation", .type = SLS_KT_ENUM, .values = task_invocation, .def = 0, AT(sls_state_spec, async),
     .kinds = K_TASK,
     .meaning = "a function task: sync (RequestResponse: the task waits for the result) or async (Event)"},
    {.name = "api_latency", .type = SLS_KT_DIST, .sub = &sls_schema_distribution, BY_CODE, NODEF,
     .kinds = K_TASK, .def_text = "by resource (facts §6)",
     .meaning = "the integration's own call time (a sync function task adds the function's response)"},
    {.name = "timeout", .type = SLS_KT_TIME, .lo = 0.001, .hi = 31622400, .def = INFINITY, .flags = SLS_KF_NONE,
     AT(sls_state_spec, timeout), .kinds = K_TASK,
     .meaning = "TimeoutSeconds: the task fails with States.Timeout (the function keeps running, billed)"},
    {.name = "payload_kb", .type = SLS_KT_NUM, .lo = 0, .hi = 256, .def = 1, AT(sls_state_spec, kb),
     .unit = "KB", .kinds = K_TASK, .meaning = "what a queue, topic or bus task sends (billed per 64 KB)"},
    {.name = "retry", .type = SLS_KT_LIST, .sub = &sls_schema_retrier, BY_CODE, NODEF, .kinds = K_HANDLES,
     .meaning = "Retry: the first retrier naming an error retries it"},
    {.name = "catch", .type = SLS_KT_LIST, .sub = &sls_schema_catcher, BY_CODE, NODEF, .kinds = K_HANDLES,
     .meaning = "Catch: after the retries, the first catcher naming the error takes it"},
    {.name = "choices", .type = SLS_KT_LIST, .sub = &sls_schema_choice, BY_CODE, NODEF, .kinds = K_CHOICE,
     .meaning = "Choices, tried in order"},
    {.name = "default", .type = SLS_KT_NAME, BY_CODE, NODEF, .kinds = K_CHOICE,
     .meaning = "Default: where the rest go (required unless the choices' probabilities add up to 1)"},
    {.name = "branches", .type = SLS_KT_NAMES, BY_CODE, NODEF, .kinds = K_PARALLEL,
     .meaning = "each branch's first state: the branches run at once; the state ends when all have"},
    {.name = "iterator", .type = SLS_KT_NAME, BY_CODE, NODEF, .kinds = K_MAP,
     .meaning = "the first state of the chain each item runs through (ItemProcessor's StartAt)"},
    {.name = "items", .type = SLS_KT_INT, .lo = 0, .hi = 1e6, .def = 1, AT(sls_state_spec, items), .kinds = K_MAP,
     .meaning = "items per visit: the constant, or the mean of items_dist"},
    {.name = "items_dist", .type = SLS_KT_ENUM, .values = items_dists, .def = 0, AT(sls_state_spec, items_dist),
     .kinds = K_MAP, .meaning = "how the item count varies from visit to visit"},
    {.name = "mode", .type = SLS_KT_ENUM, .values = map_modes, .def = 0, AT(sls_state_spec, distributed),
     .kinds = K_MAP,
     .meaning = "ProcessorConfig Mode: inline (at most 40 items at once, their events in the execution's "
     "history) or distributed (child executions, at most 10,000 at once, histories of their own)"},
    {.name = "max_concurrency", .type = SLS_KT_INT, .lo = 0, .hi = 10000, .def = 0,
     AT(sls_state_spec, max_concurrency), .kinds = K_MAP,
     .meaning = "MaxConcurrency: items in progress at once (0: as many as the mode allows)"},
    {.name = "tolerated_failure_percentage", .type = SLS_KT_NUM, .lo = 0, .hi = 100, .def = 0,
     AT(sls_state_spec, tolerated_failure), .scale = 0.01, .unit = "percent", .kinds = K_MAP,
     .meaning = "ToleratedFailurePercentage: the Map fails when more items than this fail (else it succeeds)"},
    {.name = "wait", .type = SLS_KT_TIME_OR_DIST, .sub = &sls_schema_distribution, BY_CODE, NODEF,
     .kinds = K_WAIT, .meaning = "Seconds: how long it waits (wait_s = 5.0, or a distribution)"},
    {.name = "description", .type = SLS_KT_TEXT, NOT_KEPT, .meaning = "free text, not used"},
};
SCHEMA(sls_schema_state, "state", "state_machines = ( { states = ( { name = \"...\"; type = \"task\"; ... } ); } );",
       "a state of a state machine (Amazon States Language; facts §7)", state_keys);

static const sls_key machine_keys[] = {
    {.name = "name", .type = SLS_KT_NAME, .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF,
     .meaning = "unique among functions, queues, topics, buses, joins and state machines"},
    {.name = "type", .type = SLS_KT_ENUM, .values = machine_types, .def = 0, AT(sls_machine_spec, express),
     .meaning = "Standard (exactly once, up to a year, billed per state transition) or Express (at least "
     "once, up to 5 minutes, billed per execution and GB-s)"},
    {.name = "invocation", .type = SLS_KT_ENUM, .values = machine_invocation, .def = 0, AT(sls_machine_spec, sync),
     .meaning = "how executions are started: async (StartExecution answers at once) or sync (Express only: "
     "StartSyncExecution answers when the execution ends)"},
    {.name = "start_at", .type = SLS_KT_NAME, .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF,
     .meaning = "StartAt: its first state"},
    {.name = "timeout", .type = SLS_KT_TIME, .lo = 0.001, .hi = 31536000, BY_CODE, NODEF,
     .def_text = "1 year (Standard), 5 min (Express)",
     .meaning = "TimeoutSeconds: an execution still running then fails with States.Timeout (at most the "
     "type's maximum)"},
    {.name = "transition_latency", .type = SLS_KT_DIST, .sub = &sls_schema_distribution, BY_CODE, NODEF,
     .def_text = "lognormal p50 20 / p99 60 ms (Standard), 5 / 20 ms (Express)",
     .meaning = "the service's time to enter each state (assumed: AWS publishes none; facts §7)"},
    {.name = "express_memory_mb", .type = SLS_KT_INT, .lo = 64, .hi = 10240, .def = 64,
     AT(sls_machine_spec, memory_mb), .unit = "MB",
     .meaning = "Express: the memory an execution uses, billed in 64 MB steps (its payload and state)"},
    {.name = "states", .type = SLS_KT_LIST, .sub = &sls_schema_state, .flags = SLS_KF_REQUIRED | SLS_KF_CODE,
     .off = -1, NODEF, .meaning = "its states, branches' and items' included"},
    {.name = "description", .type = SLS_KT_TEXT, NOT_KEPT, .meaning = "free text, not used"},
};
SCHEMA(sls_schema_machine, "state_machine", "state_machines = ( { name = \"...\"; start_at = \"...\"; states = ( ... ); } );",
       "a Step Functions state machine: sources, rules and tasks start its executions (facts §7)", machine_keys);

static const sls_key sfn_quota_keys[] = {
    {.name = "start_bucket", .type = SLS_KT_NUM, .lo = 1, .hi = 1e9, .def = 1300,
     AT(sls_sfn_quota_spec, start_bucket), .unit = "executions",
     .meaning = "StartExecution token bucket, Standard (us-east-1, us-west-2, eu-west-1; 800 elsewhere)"},
    {.name = "start_refill", .type = SLS_KT_RATE, .lo = 0.001, .hi = 1e9, .def = 300,
     AT(sls_sfn_quota_spec, start_refill_per_s),
     .meaning = "its refill (300 a second there; 150 elsewhere); a start beyond it is throttled"},
    {.name = "express_start_bucket", .type = SLS_KT_NUM, .lo = 1, .hi = 1e9, .def = 6000,
     AT(sls_sfn_quota_spec, express_start_bucket), .unit = "executions",
     .meaning = "StartExecution token bucket, Express"},
    {.name = "express_start_refill", .type = SLS_KT_RATE, .lo = 0.001, .hi = 1e9, .def = 6000,
     AT(sls_sfn_quota_spec, express_start_refill_per_s), .meaning = "its refill"},
    {.name = "transition_bucket", .type = SLS_KT_NUM, .lo = 1, .hi = 1e9, .def = 5000,
     AT(sls_sfn_quota_spec, transition_bucket), .unit = "transitions",
     .meaning = "StateTransition token bucket, Standard (800 outside the three large Regions); Express has none"},
    {.name = "transition_refill", .type = SLS_KT_RATE, .lo = 0.001, .hi = 1e9, .def = 1500,
     AT(sls_sfn_quota_spec, transition_refill_per_s),
     .meaning = "its refill (500 elsewhere); a transition beyond it waits for a token (ExecutionThrottled)"},
};
SCHEMA(sls_schema_sfn_quotas, "step_functions", "step_functions = { start_bucket = 1300; ... };",
       "the account's Step Functions quotas in its Region (Step Functions developer guide, Quotas; facts §7)",
       sfn_quota_keys);
// clang-format on
