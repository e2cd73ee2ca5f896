# shellcheck shell=sh
# Selects a JDK 25 or newer and exports JAVA_HOME (and puts its bin/ first on PATH).
#
# Sourced (not executed) by ./mvnw, ./atlas and .ci/run, so it is plain POSIX sh and works under
# `set -euf` (mvnw's options). Order of preference:
#   1. $JAVA_HOME, if it is JDK 25 or newer;
#   2. `java` on PATH, if it is 25 or newer;
#   3. the newest /usr/lib/jvm/* that is 25 or newer.
# Otherwise it prints an error naming what it found and exits 1.

# Sets _ajm_v to the feature version (17, 21, 25, ...) of the JDK at $1, or to nothing if it is not
# a JDK. Reads $1/release with shell builtins only (this runs before every ./atlas run, so it forks
# nothing), and falls back to `$1/bin/java -version`.
atlas_jdk_major() {
    _ajm_v=""
    if [ -r "$1/release" ]; then
        while IFS= read -r _ajm_line || [ -n "$_ajm_line" ]; do
            case $_ajm_line in
                JAVA_VERSION=\"[0-9]*)
                    _ajm_v=${_ajm_line#JAVA_VERSION=\"}
                    _ajm_v=${_ajm_v%%[!0-9]*}
                    break ;;
            esac
        done <"$1/release"
    fi
    if [ -z "$_ajm_v" ] && [ -x "$1/bin/java" ]; then
        _ajm_v=$("$1/bin/java" -version 2>&1 | sed -n 's/.* version "\([0-9][0-9]*\).*/\1/p' | head -n 1)
    fi
    # "1.8.0_x" reads as 1: old enough either way.
}

atlas_select_jdk() {
    _asj_found=""
    _asj_home=""

    if [ -n "${JAVA_HOME-}" ]; then
        atlas_jdk_major "$JAVA_HOME"
        _asj_v=$_ajm_v
        if [ "${_asj_v:-0}" -ge 25 ] 2>/dev/null && [ -x "$JAVA_HOME/bin/java" ]; then
            _asj_home=$JAVA_HOME
        else
            _asj_found="JAVA_HOME=$JAVA_HOME (${_asj_v:-not a JDK})"
        fi
    fi

    if [ -z "$_asj_home" ]; then
        _asj_java=$(command -v java 2>/dev/null || true)
        if [ -n "$_asj_java" ]; then
            _asj_dir=$(readlink -f "$_asj_java" 2>/dev/null || printf '%s' "$_asj_java")
            _asj_dir=${_asj_dir%/*}
            _asj_dir=${_asj_dir%/*}
            atlas_jdk_major "$_asj_dir"
            _asj_v=$_ajm_v
            if [ "${_asj_v:-0}" -ge 25 ] 2>/dev/null; then
                _asj_home=$_asj_dir
            else
                _asj_found="${_asj_found:+$_asj_found, }java on PATH=$_asj_java (${_asj_v:-?})"
            fi
        fi
    fi

    if [ -z "$_asj_home" ]; then
        # mvnw runs with `set -f`: globbing has to be switched on for this loop.
        case $- in *f*) _asj_noglob=1; set +f ;; *) _asj_noglob=0 ;; esac
        _asj_best=0
        for _asj_d in /usr/lib/jvm/*; do
            [ -d "$_asj_d" ] || continue
            [ -L "$_asj_d" ] && continue
            atlas_jdk_major "$_asj_d"
            _asj_v=$_ajm_v
            [ -n "$_asj_v" ] || continue
            if [ "$_asj_v" -ge 25 ] && [ "$_asj_v" -gt "$_asj_best" ] && [ -x "$_asj_d/bin/java" ]; then
                _asj_best=$_asj_v
                _asj_home=$_asj_d
            elif [ "$_asj_v" -lt 25 ]; then
                _asj_found="${_asj_found:+$_asj_found, }$_asj_d ($_asj_v)"
            fi
        done
        [ "$_asj_noglob" = 1 ] && set -f
    fi

    if [ -z "$_asj_home" ]; then
        echo "error: Atlas needs JDK 25 or newer; set JAVA_HOME (found: ${_asj_found:-no JDK})" >&2
        exit 1
    fi

    JAVA_HOME=$_asj_home
    export JAVA_HOME
    case ":$PATH:" in
        *":$JAVA_HOME/bin:"*) ;;
        *) PATH="$JAVA_HOME/bin:$PATH"; export PATH ;;
    esac
}

atlas_select_jdk
