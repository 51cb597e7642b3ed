#!/usr/bin/env bash
# Starts the claims and verification services on SQLite (files under ./data/, or $FACTCHECK_DATA),
# imports the sample claims and prints the claims table, and serves the claim pages (FactCheck.Web).
# Ctrl+C stops all three. Needs only the .NET SDK. Addresses follow the client's variables:
#   FACTCHECK_CLAIMS_URL (default http://127.0.0.1:5101), FACTCHECK_VERIFICATION_URL (default http://127.0.0.1:5102),
#   FACTCHECK_WEB_URL for the pages (default http://127.0.0.1:5100), and the services' REST ports
#   FACTCHECK_CLAIMS_REST_URL (default http://127.0.0.1:5111) and FACTCHECK_VERIFICATION_REST_URL
#   (default http://127.0.0.1:5112); "off" serves no REST port.
set -euo pipefail
cd "$(dirname "$0")"

export FACTCHECK_CLAIMS_URL="${FACTCHECK_CLAIMS_URL:-http://127.0.0.1:5101}"
export FACTCHECK_VERIFICATION_URL="${FACTCHECK_VERIFICATION_URL:-http://127.0.0.1:5102}"
export FACTCHECK_WEB_URL="${FACTCHECK_WEB_URL:-http://127.0.0.1:5100}"
claims_rest="${FACTCHECK_CLAIMS_REST_URL:-http://127.0.0.1:5111}"
verification_rest="${FACTCHECK_VERIFICATION_REST_URL:-http://127.0.0.1:5112}"
data="${FACTCHECK_DATA:-data}"
mkdir -p "$data"

if [ "${FACTCHECK_NO_BUILD:-}" != 1 ]; then
  echo "building..."
  dotnet build FactCheck.sln -nologo -v quiet
fi

bin=bin/Debug/net10.0
claims_dll="services/FactCheck.Claims/$bin/FactCheck.Claims.dll"
verification_dll="services/FactCheck.Verification/$bin/FactCheck.Verification.dll"
web_dll="clients/FactCheck.Web/$bin/FactCheck.Web.dll"
factcheck() { dotnet "clients/FactCheck.Cli/$bin/factcheck.dll" "$@"; }

# Refuse to start next to a running instance: the import would silently go to it.
for url in "$FACTCHECK_CLAIMS_URL" "$FACTCHECK_VERIFICATION_URL" "$FACTCHECK_WEB_URL"; do
  hostport="${url#*://}"; hostport="${hostport%%/*}"
  if (exec 3<>"/dev/tcp/${hostport%:*}/${hostport##*:}") 2>/dev/null; then
    echo "something already listens on $hostport; stop it, or set FACTCHECK_CLAIMS_URL / FACTCHECK_VERIFICATION_URL / FACTCHECK_WEB_URL" >&2
    exit 1
  fi
done

pids=()
stop() {
  if [ ${#pids[@]} -gt 0 ]; then
    kill -TERM "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
}
trap stop EXIT
trap 'exit 0' INT TERM

ConnectionStrings__Claims="Data Source=$data/claims.db" Rest__Url="$claims_rest" \
  dotnet "$claims_dll" --urls "$FACTCHECK_CLAIMS_URL" >"$data/claims.log" 2>&1 &
pids+=($!)
ConnectionStrings__Verification="Data Source=$data/verification.db" ClaimsService__Url="$FACTCHECK_CLAIMS_URL" Rest__Url="$verification_rest" \
  dotnet "$verification_dll" --urls "$FACTCHECK_VERIFICATION_URL" >"$data/verification.log" 2>&1 &
pids+=($!)

# Wait until both answer grpc.health.v1 with SERVING (each service has a probe mode for this).
for attempt in $(seq 1 60); do
  for pid in "${pids[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "a service exited while starting (is the port in use?); see $data/claims.log and $data/verification.log" >&2
      exit 1
    fi
  done
  if ASPNETCORE_URLS="$FACTCHECK_CLAIMS_URL" dotnet "$claims_dll" --health-probe >/dev/null 2>&1 &&
     ASPNETCORE_URLS="$FACTCHECK_VERIFICATION_URL" dotnet "$verification_dll" --health-probe >/dev/null 2>&1; then
    break
  fi
  if [ "$attempt" = 60 ]; then
    echo "the services did not start; see $data/claims.log and $data/verification.log" >&2
    exit 1
  fi
  sleep 1
done

# The claim pages read both services with no key: they run open, on loopback only. Their style
# sheet and script are served from the project's wwwroot/ (a published app has its own copy).
Web__ClaimsUrl="$FACTCHECK_CLAIMS_URL" Web__VerificationUrl="$FACTCHECK_VERIFICATION_URL" Web__PublicBaseUrl="$FACTCHECK_WEB_URL" \
  dotnet "$web_dll" --urls "$FACTCHECK_WEB_URL" --contentRoot "$PWD/clients/FactCheck.Web" >"$data/web.log" 2>&1 &
web_pid=$!
pids+=($web_pid)

echo "claims service:       $FACTCHECK_CLAIMS_URL   (log: $data/claims.log)"
echo "verification service: $FACTCHECK_VERIFICATION_URL   (log: $data/verification.log)"
echo "REST (docs/rest.md):  claims $claims_rest, verification $verification_rest"
echo
echo "\$ factcheck import samples/claims.json"
factcheck import samples/claims.json
echo "\$ factcheck claims list --order oldest"
factcheck claims list --order oldest
echo

# The pages answer once GET /claims does (it reads the claims service): a plain HTTP/1.0 request over bash's /dev/tcp.
pages_answer() {
  local hostport="${FACTCHECK_WEB_URL#*://}" status=""
  hostport="${hostport%%/*}"
  exec 3<>"/dev/tcp/${hostport%:*}/${hostport##*:}" || return 1
  printf 'GET /claims HTTP/1.0\r\nHost: %s\r\n\r\n' "$hostport" >&3
  read -r -t 10 status <&3 || true
  exec 3<&-
  [[ "$status" == "HTTP/1."?" 200"* ]]
}
for attempt in $(seq 1 60); do
  if ! kill -0 "$web_pid" 2>/dev/null; then
    echo "the claim pages exited while starting (is the port in use?); see $data/web.log" >&2
    exit 1
  fi
  if pages_answer 2>/dev/null; then
    break
  fi
  if [ "$attempt" = 60 ]; then
    echo "the claim pages did not start; see $data/web.log" >&2
    exit 1
  fi
  sleep 1
done
echo "claim pages:          $FACTCHECK_WEB_URL/claims   (log: $data/web.log)"
echo
echo "Both services are running. In another terminal, try: factcheck claims list --status pending"
echo "Or open $FACTCHECK_WEB_URL/claims/agreement in a browser."
echo "Press Ctrl+C to stop them."
wait
