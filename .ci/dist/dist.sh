#!/usr/bin/env bash
# Packs a --static-swift-stdlib release build into plexus-VERSION-linux-x86_64.tar.gz
# (run by `make dist`): bin/plexus, lib/libplexus_sqlite.so, and every shared library
# they need beyond glibc, found through the RUNPATH $ORIGIN/../lib (the libraries' own: $ORIGIN).
#   .ci/dist/dist.sh BUILD_DIR OUT_DIR
set -euo pipefail
build=$1 out=$2
here=$(cd "$(dirname "$0")" && pwd)
version=$("$build/plexus" --version)
name="plexus-$version-linux-x86_64"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root="$stage/$name"
mkdir -p "$root/bin" "$root/lib"
cp "$build/plexus" "$root/bin/plexus"
cp "$build/libplexus_sqlite.so" "$root/lib/libplexus_sqlite.so"
strip --strip-unneeded "$root/bin/plexus" "$root/lib/libplexus_sqlite.so"

# glibc's own libraries stay the node's; everything else ldd resolves is bundled
# (ldd lists the whole closure: the libraries' own dependencies too). bin/plexus has
# the Swift runtime linked in; the extension's shared Swift runtime is bundled.
glibc='^(libc|libm|libpthread|libdl|librt|libutil|libresolv|libmvec|ld-linux-x86-64|linux-vdso)\.so'
ldd "$root/bin/plexus" "$root/lib/libplexus_sqlite.so" | awk '$2 == "=>" && $3 ~ /^\// { print $1, $3 }' | sort -u |
while read -r soname path; do
    if [[ $soname =~ $glibc ]]; then continue; fi
    case $path in
        */.build*) echo "dist: $soname resolves into the build tree ($path)" >&2; exit 1 ;;
    esac
    [ -e "$root/lib/$soname" ] || cp -L "$path" "$root/lib/$soname"
done
missing=$(ldd "$root/bin/plexus" "$root/lib/libplexus_sqlite.so" | grep 'not found' || true)
if [ -n "$missing" ]; then echo "dist: not found: $missing" >&2; exit 1; fi
if ldd "$root/bin/plexus" | grep -q swift; then echo "dist: bin/plexus links a shared Swift runtime" >&2; exit 1; fi

chmod u+w "$root/lib/"*
patchelf --set-rpath '$ORIGIN/../lib' "$root/bin/plexus"
for lib in "$root/lib/"*.so*; do patchelf --set-rpath '$ORIGIN' "$lib"; done
glibc_needed=$(objdump -T "$root/bin/plexus" "$root/lib/"*.so* | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)
sed "s/@VERSION@/$version/g; s/@NAME@/$name/g; s/@GLIBC@/$glibc_needed/g" "$here/README.txt" > "$root/README.txt"

mkdir -p "$out"
tar -C "$stage" -czf "$out/$name.tar.gz" --owner=0 --group=0 "$name"
echo "$out/$name.tar.gz: $(du -h "$out/$name.tar.gz" | cut -f1), $(ls "$root/lib" | wc -l) libraries in lib/"
