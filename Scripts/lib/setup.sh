# Sourced by Scripts/demo, Scripts/test and Scripts/bench: makes sure the system
# packages airtrend builds against are installed. As root it installs what is
# missing with apt-get; otherwise it prints the exact command and stops.
airtrend_require_packages() {
    local wanted=("$@") missing=()
    for pkg in "${wanted[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
        echo "installing system packages: ${missing[*]}" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
    else
        echo "airtrend needs these system packages: ${missing[*]}" >&2
        echo "install them with: sudo apt-get install ${missing[*]}" >&2
        exit 69
    fi
}

AIRTREND_BUILD_PACKAGES=(libsqlite3-dev libcurl4-openssl-dev zlib1g-dev pkg-config)

command -v swift >/dev/null || { echo "airtrend needs the Swift toolchain (6.0 or later) on PATH" >&2; exit 69; }
