// The `status` load's raw baseline: an HTTP server whose every request is one
// `SELECT 1` on one async `pg` connection. Prints its URL, serves until SIGTERM.
import http from 'node:http';
import process from 'node:process';
import pg from 'pg';

const client = new pg.Pool({ connectionString: process.env.BENCH_DATABASE_URL, max: 1 });
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    client.query('SELECT 1 AS one').then(
      (r) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ result: r.rows[0] }));
      },
      () => {
        res.writeHead(500);
        res.end();
      },
    );
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${server.address().port}\n`));
process.on('SIGTERM', () => server.close(() => client.end().then(() => process.exit(0))));
