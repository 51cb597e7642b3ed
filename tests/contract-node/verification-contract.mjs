// Exercises every VerificationService method from Node.js with nothing but the .proto files.
// Usage: node verification-contract.mjs [claims address] [verification address]
//        (defaults 127.0.0.1:5101 and 127.0.0.1:5102)
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';

const here = path.dirname(fileURLToPath(import.meta.url));
const definition = protoLoader.loadSync(['factcheck/v1/claims.proto', 'factcheck/v1/verification.proto'], {
  includeDirs: [path.resolve(here, '../../protos')],
  keepCase: true,
  enums: String,
  longs: String,
  defaults: true,
});
const { factcheck } = grpc.loadPackageDefinition(definition);

const claimsAddress = process.argv[2] ?? '127.0.0.1:5101';
const verificationAddress = process.argv[3] ?? '127.0.0.1:5102';
const metadata = new grpc.Metadata();
if (process.env.FACTCHECK_API_KEY) metadata.add('authorization', `Bearer ${process.env.FACTCHECK_API_KEY}`);
const claims = new factcheck.v1.ClaimsService(claimsAddress, grpc.credentials.createInsecure());
const verification = new factcheck.v1.VerificationService(verificationAddress, grpc.credentials.createInsecure());
const call = (client, method, request) =>
  new Promise((resolve, reject) =>
    client[method](request, metadata, { deadline: Date.now() + 20_000 }, (error, reply) => (error ? reject(error) : resolve(reply))));

const run = `node-${Date.now()}`;
const agreement = await call(claims, 'CreateClaim', {
  claim: {
    text: 'US and Iraqi diplomats have reached an agreement on withdrawing US troops from Iraq.',
    speaker: 'an unnamed US official',
    sources: [{ url: 'https://example.org/news/us-iraq-withdrawal-agreement', publisher: 'Example News (placeholder)' }],
    status: 'CLAIM_STATUS_PENDING',
    required_parties: ['Washington', 'Baghdad'],
    tags: [run],
  },
});

const verdict = (party) => ({
  verdict: {
    claim: agreement.name,
    party,
    official: `${party} spokesperson (example)`,
    decision: 'VERDICT_DECISION_CONFIRM',
    evidence: [{ url: `https://example.org/statements/${party.toLowerCase()}-go-ahead`, quote: 'We give our final go-ahead.' }],
  },
  request_id: `${run}-${party}`,
});

const washington = await call(verification, 'RecordVerdict', verdict('Washington'));
assert.equal(washington.delivery_state, 'DELIVERY_STATE_APPLIED');
assert.equal(washington.status, 'CLAIM_STATUS_PENDING');
assert.equal(washington.status_detail, 'confirmed by Washington; awaiting Baghdad');
assert.match(washington.verdict.name, new RegExp(`^${agreement.name}/verdicts/`));

// The same request again returns the first verdict and records nothing new.
const repeated = await call(verification, 'RecordVerdict', verdict('Washington'));
assert.equal(repeated.verdict.name, washington.verdict.name);

const summary = await call(verification, 'GetVerificationSummary', { claim: agreement.name });
assert.deepEqual(summary.awaited_parties, ['Baghdad']);
assert.equal(summary.status, 'CLAIM_STATUS_PENDING');

const baghdad = await call(verification, 'RecordVerdict', verdict('Baghdad'));
assert.equal(baghdad.status, 'CLAIM_STATUS_CONFIRMED');

const listed = await call(verification, 'ListVerdicts', { claim: agreement.name, page_size: 1 });
assert.equal(listed.verdicts.length, 1);
const rest = await call(verification, 'ListVerdicts', { claim: agreement.name, page_token: listed.next_page_token });
assert.deepEqual([...listed.verdicts, ...rest.verdicts].map((v) => v.party), ['Washington', 'Baghdad']);

const claim = await call(claims, 'GetClaim', { name: agreement.name });
assert.equal(claim.status, 'CLAIM_STATUS_CONFIRMED');

await assert.rejects(call(verification, 'RecordVerdict', { verdict: { claim: agreement.name, party: '' } }),
  (e) => e.code === grpc.status.INVALID_ARGUMENT && /verdict\.party/.test(e.details));

console.log(`verification contract: every method answered as documented at ${verificationAddress}`);
