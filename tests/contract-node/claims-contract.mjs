// Exercises every ClaimsService method from Node.js with nothing but the .proto files:
// a client in another language can create, get, list, filter, update status, match, read
// history and watch claims. Usage: node claims-contract.mjs [address]   (default 127.0.0.1:5101)
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';

const here = path.dirname(fileURLToPath(import.meta.url));
const protoRoot = path.resolve(here, '../../protos');
const definition = protoLoader.loadSync('factcheck/v1/claims.proto', {
  includeDirs: [protoRoot],
  keepCase: true,
  enums: String,
  longs: String,
  defaults: true,
});
const { factcheck } = grpc.loadPackageDefinition(definition);

const address = process.argv[2] ?? '127.0.0.1:5101';
const metadata = new grpc.Metadata();
if (process.env.FACTCHECK_API_KEY) metadata.add('authorization', `Bearer ${process.env.FACTCHECK_API_KEY}`);
const client = new factcheck.v1.ClaimsService(address, grpc.credentials.createInsecure());
const deadline = () => ({ deadline: Date.now() + 10_000 });
const call = (method, request) =>
  new Promise((resolve, reject) => client[method](request, metadata, deadline(), (error, reply) => (error ? reject(error) : resolve(reply))));

const run = `node-${Date.now()}`;
const source = { url: 'https://example.org/news/us-iraq-withdrawal-agreement', publisher: 'Example News (placeholder)', quote: 'only the timing of the announcement is left' };

const agreement = await call('CreateClaim', {
  claim: {
    text: 'US and Iraqi diplomats have reached an agreement on withdrawing US troops from Iraq.',
    speaker: 'an unnamed US official',
    sources: [source],
    status: 'CLAIM_STATUS_PENDING',
    required_parties: ['Washington', 'Baghdad'],
    tags: [run],
  },
  request_id: `${run}-agreement`,
});
assert.match(agreement.name, /^claims\//);
assert.equal(agreement.status, 'CLAIM_STATUS_PENDING');
assert.equal(agreement.status_detail, 'awaiting Washington and Baghdad');

const withdrawal = await call('CreateClaim', {
  claim: {
    text: 'Under the agreement, the last US personnel leave Iraq by the end of 2026.',
    speaker: 'the agreement (as reported)',
    sources: [source],
    parent: agreement.name,
    due_time: { seconds: String(Date.UTC(2026, 11, 31, 23, 59, 59) / 1000), nanos: 0 },
    tags: [run],
  },
});
assert.equal(withdrawal.parent, agreement.name);

const fetched = await call('GetClaim', { name: agreement.name });
assert.equal(fetched.etag, agreement.etag);

const pending = await call('ListClaims', { tag: run, statuses: ['CLAIM_STATUS_PENDING'] });
assert.deepEqual(pending.claims.map((c) => c.name), [agreement.name]);
const page = await call('ListClaims', { tag: run, page_size: 1, order: 'CLAIM_ORDER_OLDEST' });

assert.equal(page.claims[0].name, agreement.name);
const next = await call('ListClaims', { tag: run, page_size: 1, order: 'CLAIM_ORDER_OLDEST', page_token: page.next_page_token });
assert.equal(next.claims[0].name, withdrawal.name);

const confirmed = await call('UpdateClaimStatus', {
  name: agreement.name,
  status: 'CLAIM_STATUS_CONFIRMED',
  reason: 'Washington and Baghdad gave the final go-ahead',
  evidence: [{ url: 'https://example.org/statements/go-ahead', quote: 'approved' }],
  etag: fetched.etag,
  request_id: `${run}-confirm`,
});
assert.equal(confirmed.status, 'CLAIM_STATUS_CONFIRMED');

// Already tracked? The agreement, reworded, comes first among this run's claims, scored 0 to 1.
const matched = await call('MatchClaims', { text: 'Diplomats of the US and Iraq agreed on withdrawing US troops from Iraq', tag: run, page_size: 5 });
assert.equal(matched.matches[0].claim.name, agreement.name);
assert.ok(matched.matches[0].score > 0 && matched.matches[0].score <= 1, `score ${matched.matches[0].score}`);
assert.ok(matched.matches[0].shared_terms.includes('troops'));

const history = await call('ListClaimHistory', { name: agreement.name });
assert.deepEqual(history.events.map((e) => e.type), ['CLAIM_EVENT_TYPE_CREATED', 'CLAIM_EVENT_TYPE_STATUS_CHANGED']);
const firstSequence = BigInt(history.events[0].sequence);

// Watch from just before our first event: our three events arrive in order.
const seen = await new Promise((resolve, reject) => {
  const events = [];
  const stream = client.WatchClaims({ after_sequence: String(firstSequence - 1n), tag: run }, metadata);
  stream.on('data', (e) => {
    events.push(e);
    if (events.length === 3) { stream.cancel(); resolve(events); }
  });
  stream.on('error', (e) => (e.code === grpc.status.CANCELLED ? resolve(events) : reject(e)));
  setTimeout(() => { stream.cancel(); reject(new Error(`watch gave ${events.length} of 3 events`)); }, 10_000);
});
assert.deepEqual(seen.map((e) => e.claim.name), [agreement.name, withdrawal.name, agreement.name]);

// Bad input: INVALID_ARGUMENT whose message names the field.
await assert.rejects(call('CreateClaim', { claim: { text: '', sources: [] } }), (e) => e.code === grpc.status.INVALID_ARGUMENT && /claim\.text/.test(e.details));

console.log(`claims contract: every method answered as documented at ${address}`);
