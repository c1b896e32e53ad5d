package chatnode.gateway;

import chatnode.accounts.Tokens;
import chatnode.ops.Limits;
import chatnode.ops.Metrics;
import chatnode.ops.Readiness;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The node-wide services every gateway instance uses; each is thread-safe. */
public record NodeServices(Tokens tokens, Readiness readiness, Limits limits, Metrics metrics, PrometheusMeterRegistry registry) {}
