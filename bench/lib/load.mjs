// The load generator runs in its own process (forked by bench/run.ts) so autocannon never shares
// an event loop with the server it measures. It receives one job over IPC and answers with the
// autocannon result. Plain JavaScript: no loader needed in the child.
import autocannon from 'autocannon';

process.once('message', async (job) => {
  try {
    const { url, connections, duration, headers, requests, warmup } = job;
    let next = Math.floor(Math.random() * requests.length);
    const setupRequest = (req) => {
      const r = requests[next];
      next = (next + 1) % requests.length;
      req.method = r.method ?? 'GET';
      req.path = r.path;
      if (r.body !== undefined) {
        req.body = JSON.stringify(r.body);
        req.headers = { ...req.headers, 'content-type': 'application/json' };
      } else {
        req.body = undefined;
      }
      return req;
    };
    const run = (seconds) =>
      autocannon({
        url,
        connections,
        duration: seconds,
        headers,
        requests: [{ setupRequest }],
      });
    if (warmup > 0) await run(warmup);
    const result = await run(duration);
    process.send({ ok: true, result: {
      requestsPerSecond: result.requests.average,
      totalRequests: result.requests.total,
      latency: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max, mean: result.latency.average },
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      durationSeconds: result.duration,
      connections,
    } });
  } catch (error) {
    process.send({ ok: false, error: String(error?.stack ?? error) });
  }
});
