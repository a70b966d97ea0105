package io.iiot.gateway.cases;

import java.util.Map;

/**
 * A message as the route would put it on NATS: subject, headers and body.
 *
 * @param subject the NATS subject
 * @param headers the NATS headers
 * @param body the payload, UTF-8
 */
record Published(String subject, Map<String, String> headers, String body) {
}
