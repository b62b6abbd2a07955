// An open-loop load generator (bench/offered-load.ts), in its own process like load.mjs. Requests are
// sent at a fixed rate, evenly spaced, whether or not the earlier ones were answered (autocannon's
// rate option is a per-second quota per connection: each second starts with a closed-loop burst).
// A request's latency runs from the instant it was due, not from when a free socket took it, so a
// server that falls behind shows it in the latency (no coordinated omission). Plain JavaScript.
import http from 'node:http';

process.once('message', async (job) => {
  try {
    const { url, headers, requests, rate, duration, warmup, maxSockets } = job;
    const target = new URL(url);
    const agent = new http.Agent({ keepAlive: true, maxSockets });
    const bodies = requests.map((r) => ({
      method: r.method ?? 'GET',
      path: r.path,
      body: r.body === undefined ? undefined : Buffer.from(JSON.stringify(r.body)),
    }));
    let next = Math.floor(Math.random() * bodies.length);
    const measureFrom = performance.now() + warmup * 1000;
    const end = measureFrom + duration * 1000;
    const latencies = [];
    let answered = 0;
    let non2xx = 0;
    let errors = 0;
    let inFlight = 0;
    const send = (due) => {
      const r = bodies[next];
      next = (next + 1) % bodies.length;
      const counted = due >= measureFrom;
      inFlight++;
      const req = http.request(
        {
          host: target.hostname,
          port: target.port,
          agent,
          method: r.method,
          path: r.path,
          headers: r.body ? { ...headers, 'content-type': 'application/json', 'content-length': r.body.length } : headers,
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            inFlight--;
            const now = performance.now();
            const ok = res.statusCode >= 200 && res.statusCode < 300;
            // Answered in the measured seconds, whenever it was due.
            if (ok && now >= measureFrom && now <= end) answered++;
            if (!counted) return;
            latencies.push(now - due);
            if (!ok) non2xx++;
          });
        },
      );
      req.on('error', () => {
        inFlight--;
        if (counted) errors++;
      });
      req.end(r.body);
    };
    const start = performance.now();
    const interval = 1000 / rate;
    let sent = 0;
    await new Promise((resolve) => {
      const tick = () => {
        const now = performance.now();
        // Every request due by now goes out, each stamped with the instant it was due.
        while (start + sent * interval <= now && start + sent * interval < end) send(start + sent++ * interval);
        if (start + sent * interval >= end) return resolve();
        setTimeout(tick, Math.max(0, Math.min(1, start + sent * interval - performance.now())));
      };
      tick();
    });
    const backlog = inFlight;
    // The last ones' answers (at most 10 s more): their latencies count, past `end` they no longer count as answered in time.
    const waitUntil = performance.now() + 10_000;
    while (inFlight > 0 && performance.now() < waitUntil) await new Promise((r) => setTimeout(r, 5));
    latencies.sort((a, b) => a - b);
    const at = (q) => (latencies.length ? Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]) : 0);
    agent.destroy();
    process.send({
      ok: true,
      result: {
        offered: rate,
        answeredPerSecond: answered / duration,
        latency: { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: Math.round(latencies.at(-1) ?? 0) },
        non2xx,
        errors,
        backlogAtEnd: backlog,
        lost: inFlight,
      },
    });
  } catch (error) {
    process.send({ ok: false, error: String(error?.stack ?? error) });
  }
});
