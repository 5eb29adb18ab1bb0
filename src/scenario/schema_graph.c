/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The scenario language, continued: the graph — what a running function sends (emits), SNS
 * topics and their subscriptions, EventBridge buses and their rules, fan-in joins, and a
 * downstream's scheduled outages (schema.h).  Measured latencies are from Luc van Donkersgoed,
 * "Serverless Messaging: Latency Compared", Bite-Sized Serverless (eu-west-1, Sept 2022;
 * EventBridge re-measured after its Feb 2023 upgrade): facts §6.
 */
#include "scenario/schema_def.h"

static const char *const emit_kinds[] = {"invoke", "send", "publish", "put", "join", NULL};
#define E_INVOKE (1u << SLS_EMIT_INVOKE)
#define E_SEND (1u << SLS_EMIT_SEND)
#define E_EVENTS (1u << SLS_EMIT_PUBLISH | 1u << SLS_EMIT_PUT)
#define E_FAN_OUT (E_INVOKE | E_SEND | E_EVENTS)
static const char *const emit_invocation[] = {"async", "sync", NULL};
static const char *const emit_when[] = {"start", "after_compute", "end", NULL};
static const char *const emit_on_error[] = {"ignore", "fail", NULL};
static const char *const join_on_timeout[] = {"fail", "continue", NULL};

// clang-format off
static const sls_key emit_keys[] = {
    {.name = "kind", .type = SLS_KT_ENUM, .values = emit_kinds, .flags = SLS_KF_REQUIRED | SLS_KF_CODE,
     .off = -1, NODEF,
     .meaning = "invoke a function, send to an SQS queue, publish to an SNS topic, put on an EventBridge "
     "bus, or arrive at a fan-in join"},
    {.name = "target", .type = SLS_KT_NAME, .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF,
     .meaning = "the function, queue, topic, bus or join, by name"},
    {.name = "invocation", .type = SLS_KT_ENUM, .values = emit_invocation, .def = 0, AT(sls_emit_spec, sync),
     .kinds = E_INVOKE,
     .meaning = "invoke: async (Event: Lambda queues it) or sync (RequestResponse: the caller waits, and "
     "is billed while it waits; facts §1)"},
    {.name = "count", .type = SLS_KT_INT, .lo = 1, .hi = 100000, .def = 1, AT(sls_emit_spec, count),
     .meaning = "items per invocation (per message of a batch): a fan-out"},
    {.name = "probability", .type = SLS_KT_NUM, .lo = 0, .hi = 1, .def = 1, AT(sls_emit_spec, probability),
     .unit = "probability",
     .meaning = "each item is sent with this probability (count x probability on average)"},
    {.name = "payload_kb", .type = SLS_KT_NUM, .lo = 0, .hi = 256, .def = 1, AT(sls_emit_spec, payload_kb),
     .unit = "KB", .meaning = "size of each item: SQS, SNS and EventBridge bill every 64 KB (facts §4)"},
    {.name = "when", .type = SLS_KT_ENUM, .values = emit_when, .def = 2, AT(sls_emit_spec, when),
     .meaning = "at the start of the handler, after its compute, or at its end (end: only when it "
     "succeeds); items of one point go out one after another"},
    {.name = "api_latency", .type = SLS_KT_DIST, .sub = &sls_schema_distribution, BY_CODE, NODEF,
     .def_text = "by kind (facts §6)",
     .meaning = "the call's own latency (Invoke, SendMessage[Batch], Publish, PutEvents), part of the "
     "caller's run; a sync invoke adds the callee's whole response"},
    {.name = "on_error", .type = SLS_KT_ENUM, .values = emit_on_error, .def = 1,
     AT(sls_emit_spec, on_error_fail), .kinds = E_INVOKE,
     .meaning = "sync invoke: a callee that fails (or stays throttled after the SDK's retries) fails the "
     "caller at once, or is ignored"},
    {.name = "batch", .type = SLS_KT_INT, .lo = 1, .hi = 10, .def = 1, AT(sls_emit_spec, batch),
     .kinds = E_SEND, .meaning = "send: messages per SendMessageBatch request (at most 10; SQS API)"},
    {.name = "concurrency", .type = SLS_KT_INT, .lo = 1, .hi = SLS_EMIT_MAX_CONCURRENCY, .def = 1,
     AT(sls_emit_spec, concurrency),
     .meaning = "calls in flight at once (Promise.all; the AWS SDK for JavaScript v3 opens up to 50 "
     "sockets, Doc: Configure maxSockets in Node.js); 1: one after another.  The next emission starts when "
     "the last call returns.  Not with a sync invoke"},
    {.name = "message_groups", .type = SLS_KT_INT, .lo = 1, .hi = 1e6, .def = 1,
     AT(sls_emit_spec, message_groups), .kinds = E_SEND,
     .meaning = "send to a FIFO queue: message groups used round-robin"},
    {.name = "event_type", .type = SLS_KT_NAME, BY_CODE, NODEF, .def_text = "none", .kinds = E_EVENTS,
     .meaning = "publish, put: its event type (\"OrderCreated\"), what subscriptions' filters and rules "
     "match"},
    {.name = "join", .type = SLS_KT_NAME, BY_CODE, NODEF, .def_text = "none", .kinds = E_FAN_OUT,
     .meaning = "the join where these items' branches end: it waits for as many as were sent"},
};
SCHEMA(sls_schema_emit, "emit", "functions = ( { emits = ( { kind = \"...\"; target = \"...\"; } ); } );",
       "what each invocation of a function sends while it runs", emit_keys);

static const sls_key subscription_keys[] = {
    {.name = "target", .type = SLS_KT_NAME, .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF,
     .meaning = "a function (invoked asynchronously) or a queue"},
    {.name = "event_types", .type = SLS_KT_NAMES, BY_CODE, NODEF, .def_text = "every type",
     .meaning = "its filter policy: the event types it takes"},
    {.name = "match_probability", .type = SLS_KT_NUM, .lo = 0, .hi = 1, .def = 1,
     AT(sls_subscription_spec, probability), .unit = "probability",
     .meaning = "of those, the share its filter on the payload lets through"},
    {.name = "description", .type = SLS_KT_TEXT, NOT_KEPT, .meaning = "free text, not used"},
};
SCHEMA(sls_schema_subscription, "subscription", "topics = ( { subscriptions = ( { target = \"...\"; } ); } );",
       "an SNS subscription: deliveries to Lambda and SQS are free (facts §4)", subscription_keys);

static const sls_key topic_keys[] = {
    {.name = "name", .type = SLS_KT_NAME, .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF,
     .meaning = "unique among functions, queues, topics, buses and joins"},
    {.name = "delivery_latency", .type = SLS_KT_DIST, .sub = &sls_schema_distribution, BY_CODE, NODEF,
     .def_text = "lognormal p50 73 ms, p99 225 ms",
     .meaning = "publish -> a subscriber's delivery (measured SNS to async Lambda; facts §6)"},
    {.name = "subscriptions", .type = SLS_KT_LIST, .sub = &sls_schema_subscription, BY_CODE, NODEF,
     .meaning = "who receives its messages"},
    {.name = "description", .type = SLS_KT_TEXT, NOT_KEPT, .meaning = "free text, not used"},
};
SCHEMA(sls_schema_topic, "topic", "topics = ( { name = \"...\"; subscriptions = ( ... ); } );",
       "an SNS topic: every publish is delivered to each matching subscription (facts §6)", topic_keys);

static const sls_key rule_keys[] = {
    {.name = "name", .type = SLS_KT_NAME, .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF,
     .meaning = "the rule's name"},
    {.name = "event_types", .type = SLS_KT_NAMES, BY_CODE, NODEF, .def_text = "every type",
     .meaning = "its event pattern: the event types it matches"},
    {.name = "match_probability", .type = SLS_KT_NUM, .lo = 0, .hi = 1, .def = 1,
     AT(sls_rule_spec, probability), .unit = "probability",
     .meaning = "of those, the share the rest of its pattern matches"},
    {.name = "targets", .type = SLS_KT_NAMES, .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF,
     .meaning = "1 to 5 functions (async), queues, topics, or downstreams (API destinations: a call that "
     "fails while the downstream is down; Doc: EventBridge quotas)"},
    {.name = "retry_attempts", .type = SLS_KT_INT, .lo = 0, .hi = 185, .def = 185,
     AT(sls_rule_spec, retry_attempts),
     .meaning = "retries of a delivery that failed (Doc: EventBridge retry policy: 185 by default)"},
    {.name = "max_event_age", .type = SLS_KT_TIME, .lo = 60, .hi = 86400, .def = 86400,
     AT(sls_rule_spec, max_age),
     .meaning = "an event still undelivered after this is given up (Doc: retry policy: 24 h by default)"},
    {.name = "dead_letter_queue", .type = SLS_KT_NAME, BY_CODE, NODEF, .def_text = "none (dropped)",
     .meaning = "the queue given-up events go to (Doc: EventBridge dead-letter queues)"},
    {.name = "description", .type = SLS_KT_TEXT, NOT_KEPT, .meaning = "free text, not used"},
};
SCHEMA(sls_schema_rule, "rule", "buses = ( { rules = ( { name = \"...\"; targets = [\"...\"]; } ); } );",
       "an EventBridge rule: the events it matches go to each of its targets, retried when a delivery fails",
       rule_keys);

static const sls_key bus_keys[] = {
    {.name = "name", .type = SLS_KT_NAME, .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF,
     .meaning = "unique among functions, queues, topics, buses and joins"},
    {.name = "delivery_latency", .type = SLS_KT_DIST, .sub = &sls_schema_distribution, BY_CODE, NODEF,
     .def_text = "lognormal p50 148 ms, p99 387 ms",
     .meaning = "PutEvents -> a target's delivery (measured EventBridge to async Lambda, after its Feb "
     "2023 upgrade; facts §6)"},
    {.name = "rules", .type = SLS_KT_LIST, .sub = &sls_schema_rule, BY_CODE, NODEF, .meaning = "its rules"},
    {.name = "description", .type = SLS_KT_TEXT, NOT_KEPT, .meaning = "free text, not used"},
};
SCHEMA(sls_schema_bus, "bus", "buses = ( { name = \"...\"; rules = ( ... ); } );",
       "an EventBridge event bus: custom events are billed per 64 KB (facts §4, 6)", bus_keys);

static const sls_key join_keys[] = {
    {.name = "name", .type = SLS_KT_NAME, .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF,
     .meaning = "unique among functions, queues, topics, buses and joins"},
    {.name = "branches", .type = SLS_KT_INT, .lo = 0, .hi = 1e6, .def = 0, AT(sls_join_spec, branches),
     .def_text = "0 (as many as the fan-out sent)",
     .meaning = "arrivals of one root request to wait for (an emission with join = NAME counts them)"},
    {.name = "target", .type = SLS_KT_NAME, .flags = SLS_KF_REQUIRED | SLS_KF_CODE, .off = -1, NODEF,
     .meaning = "where the joined item goes: a function (invoked asynchronously) or a queue"},
    {.name = "timeout", .type = SLS_KT_TIME, .lo = 0.001, .hi = 7 * 86400.0, .def = 900,
     AT(sls_join_spec, timeout),
     .meaning = "from when it first hears of a root request (its fan-out's count, or a first arrival), the "
     "longest it waits"},
    {.name = "on_timeout", .type = SLS_KT_ENUM, .values = join_on_timeout, .def = 0,
     AT(sls_join_spec, on_timeout_continue),
     .meaning = "at the timeout: the root request fails, or the join sends on with what arrived"},
    {.name = "description", .type = SLS_KT_TEXT, NOT_KEPT, .meaning = "free text, not used"},
};
SCHEMA(sls_schema_join, "join", "joins = ( { name = \"...\"; target = \"...\"; } );",
       "a fan-in: it waits for the branches of one root request, then sends one item on (the aggregator of "
       "fan-out / fan-in; a counter in a table, in a real system)", join_keys);

static const sls_key outage_keys[] = {
    {.name = "at", .type = SLS_KT_TIME, .lo = 0, .hi = 1e9, .flags = SLS_KF_REQUIRED, AT(sls_outage, at),
     NODEF, .meaning = "when it goes down"},
    {.name = "lasting", .type = SLS_KT_TIME, .lo = 0, .hi = 1e9, .flags = SLS_KF_REQUIRED,
     AT(sls_outage, length), NODEF,
     .meaning = "how long every call fails (calls in progress when it begins fail too); 0: no outage"},
};
SCHEMA(sls_schema_outage, "outage", "downstreams = ( { outages = ( { at_min = 10.0; lasting_min = 20.0; } ); } );",
       "a scheduled outage of a downstream (a partner API down for maintenance)", outage_keys);
// clang-format on
