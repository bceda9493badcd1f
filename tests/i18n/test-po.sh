#!/bin/sh
# test-po.sh — the translation catalogs are well-formed and complete.
#
# Usage: test-po.sh SRCDIR [XGETTEXT-ARGUMENT...]
#
# Fails only on what would break the build or a program: a catalog that
# `msgfmt -c` rejects (bad syntax, a format specifier that does not match
# its source, a wrong plural count). What is left to translate is reported
# as TAP diagnostics, never as a failure: the strings are extracted afresh
# from the files in po/POTFILES.in with the build's own xgettext arguments,
# so a string someone added since the last translation pass shows up here
# as a count and waits for po/update-translations.

set -u

srcdir=$1
shift
podir=$srcdir/po
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

langs=$(grep -v '^#' "$podir/LINGUAS")
n=0
failed=0

ok ()
{
  n=$((n + 1))
  echo "ok $n - $1"
}

not_ok ()
{
  n=$((n + 1))
  failed=1
  echo "not ok $n - $1"
}

# Prints "TRANSLATED FUZZY UNTRANSLATED" for a catalog.
counts ()
{
  LC_ALL=C msgfmt --statistics -o /dev/null "$1" 2>&1 | tail -n 1 |
    awk '{
      t = f = u = 0
      for (i = 2; i <= NF; i++) {
        if ($i ~ /^translated/) t = $(i - 1)
        if ($i ~ /^fuzzy/) f = $(i - 1)
        if ($i ~ /^untranslated/) u = $(i - 1)
      }
      print t, f, u
    }'
}

# 1. Every catalog passes msgfmt -c: the only check that can fail.
for lang in $langs; do
  if LC_ALL=C msgfmt -c -o "$tmp/$lang.mo" "$podir/$lang.po" 2>"$tmp/$lang.err"; then
    ok "$lang.po passes msgfmt -c"
  else
    not_ok "$lang.po passes msgfmt -c"
    sed 's/^/# /' "$tmp/$lang.err"
  fi
done

# 2. The current strings: what POTFILES.in lists, as xgettext sees it now.
cd "$srcdir" || exit 1
grep -v '^#' po/POTFILES.in | grep -v '^$' | while read -r file; do
  if [ -f "$file" ]; then
    echo "$file"
  else
    echo "# po/POTFILES.in lists $file, which no longer exists" >&2
  fi
done > "$tmp/files" 2> "$tmp/gone"
sed 's/^# /# note: /' "$tmp/gone"

# Files that mark strings but are missing from POTFILES.in.
keywords='(^|[^A-Za-z0-9_])(_|N_|C_|NC_|Q_|g_dgettext|g_dcgettext|g_dngettext|g_dpgettext2?|ngettext)[[:space:]]*\('
{
  for dir in shared sms kiosk; do
    [ -d "$dir" ] && find "$dir" -type f \( -name '*.c' -o -name '*.h' \) -exec grep -lE "$keywords" {} +
  done
  [ -d ui ] && find ui -type f -name '*.ui' -exec grep -l 'translatable="yes"' {} +
} 2>/dev/null | LC_ALL=C sort > "$tmp/marked"
LC_ALL=C sort "$tmp/files" > "$tmp/listed"
comm -23 "$tmp/marked" "$tmp/listed" > "$tmp/unlisted"
if [ -s "$tmp/unlisted" ]; then
  echo "# note: $(wc -l < "$tmp/unlisted") file(s) mark strings but are not in po/POTFILES.in (run po/update-translations):"
  sed 's/^/#   /' "$tmp/unlisted"
fi

if xgettext --package-name=laiting -f "$tmp/files" -D "$srcdir" -k_ -o "$tmp/laiting.pot" \
     "$@" 2>"$tmp/xgettext.err"; then
  total=$(grep -c '^msgid ' "$tmp/laiting.pot")
  total=$((total - 1))
  ok "extracted $total messages from $(wc -l < "$tmp/files") files"

  # 3. How much of the current strings each catalog covers: reported only.
  for lang in $langs; do
    msgmerge -q --no-fuzzy-matching -o "$tmp/$lang.merged.po" "$podir/$lang.po" "$tmp/laiting.pot"
    # shellcheck disable=SC2046 # three numbers
    set -- $(counts "$tmp/$lang.merged.po")
    echo "# $lang: $1 of $total messages translated, $2 fuzzy, $3 untranslated"
    if [ "$(($2 + $3))" -gt 0 ]; then
      { msgattrib --only-fuzzy --no-obsolete "$tmp/$lang.merged.po"
        msgattrib --untranslated --no-obsolete "$tmp/$lang.merged.po"; } 2>/dev/null |
        grep '^#: ' | head -n 20 | sed "s/^#: /#   $lang to do: /"
    fi
    ok "$lang.po checked against the current strings ($(($2 + $3)) to translate)"
  done
else
  echo "# xgettext could not extract the current strings; coverage not checked:"
  sed 's/^/#   /' "$tmp/xgettext.err"
  ok "extraction skipped # SKIP xgettext failed"
fi

echo "1..$n"
exit $failed
