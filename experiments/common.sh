# Sourced by every experiment's run.sh: finds the slsim binary and the model and plot
# directories, and makes results/.  Sets here, top, out, SLSIM (build/slsim unless given).
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
SLSIM=${SLSIM:-$top/build/slsim}
[ -x "$SLSIM" ] || { echo "run.sh: no slsim at $SLSIM; run ./quickstart run first or set SLSIM" >&2; exit 2; }
export SLSIM_MODELS="${SLSIM_MODELS:-$top/models}" SLSIM_PLOTS="${SLSIM_PLOTS:-$top/plots}"
out=$here/results
mkdir -p "$out"
