# Every command's options come from one table (src/cli/cli_opts.h): an
# unknown option is refused by name, a malformed or out-of-range value
# names the option and what it should be, a year out of range is refused
# by every command that takes one (and a year without a poverty line by
# those that need it), and --help lists each command's options. A command
# or subcommand that takes --year but is missing from the list below fails
# the test, so a new one is not left unchecked.
. "$TOP/tests/e2e/lib.sh"

# A database with a year, so that the old parsers would have gone on.
expect_exit 0 "$KAOHE" import regions "$CASES/clean_utf8/regions.csv" --db k.db
expect_exit 0 "$KAOHE" import registry "$CASES/clean_utf8/registry.csv" --year 2019 --db k.db

# 1. Every invocation that takes a year (the year option last).
cat > year_cmds <<'EOF'
check --year
import registry x.csv --year
import roster x.csv --year
review --year
indicators --year
indicators explain 530102001001 poverty_incidence --year
summary --year
diff --to 2020 --from
diff --from 2019 --to
rectify add --year
rectify generate --year
rectify list --year
rectify due --days 1 --year
rectify export -o x.xlsx --year
rectify report -o x.xlsx --year
rectify recheck --year
report card --village 530102001001 --year
report tongbao --scheme hebei-county-2016 --level 县 --year
report rectify -o x.xlsx --year
assess template --scheme hebei-county-2016 --level 县 --year
assess run --scheme hebei-county-2016 --level 县 --year
assess show --scheme hebei-county-2016 --level 县 --year
assess explain 530102000000 --scheme hebei-county-2016 --level 县 --year
sample design --region 530100000000 --margin 5% --year
compare --year
dept findings --year
dept closure --year
dept visits --village 530102001001 -o x.xlsx --year
funds check --year
funds table -o x.xlsx --year
funds score --year
funds explain 530102000000 funds.pay_progress --year
report plan -o x.pdf --year
report assess --scheme hebei-county-2016 --level 县 --region 530102000000 -o x.pdf --year
EOF
n=0
while read -r line; do
    opt=${line##* }
    for y in 1989 2101 0; do
        # shellcheck disable=SC2086
        expect_exit 2 "$KAOHE" $line $y --db k.db
        grep -q "选项 $opt 的年份 $y 超出范围:应在 1990 到 2100 之间" err.txt &&
            grep -q "option $opt: the year $y is out of range: expected 1990 to 2100" err.txt ||
            { cat err.txt; fail "$line $y: not refused as out of range"; }
    done
    # shellcheck disable=SC2086
    expect_exit 2 "$KAOHE" $line 20x9 --db k.db
    grep -q "选项 $opt 的值“20x9”无效:应为 1990 到 2100 之间的年份" err.txt ||
        { cat err.txt; fail "$line 20x9: not refused as malformed"; }
    # shellcheck disable=SC2086
    expect_exit 2 "$KAOHE" $line
    grep -q "option $opt needs a value" err.txt ||
        { cat err.txt; fail "$line: missing value not said"; }
    n=$((n + 1))
done < year_cmds
echo "a year out of range refused by $n invocations"
# household takes its year as a word, checked the same way.
for sub in "edit 1989 H1 --revision 0 --set helper=x" "history 2101 H1"; do
    # shellcheck disable=SC2086
    expect_exit 2 "$KAOHE" household $sub --db k.db
    grep -q "YEAR: the year [0-9]* is out of range: expected 1990 to 2100" err.txt ||
        { cat err.txt; fail "household $sub"; }
done
# gen's years are those its generator can make.
expect_exit 2 "$KAOHE" gen --persons 10 --out g --year 2013
grep -q "the year 2013 is out of range: expected 2014 to 2099" err.txt || fail "gen --year"

# Every command and subcommand whose --help lists --year is in the list.
subs_of() { # CMD: its subcommands, as its --help lists them
    case $1 in
    report) echo "card tongbao rectify ledger" ;;
    indicators) echo "- explain" ;;
    *) "$KAOHE" "$1" --help 2> /dev/null |
           sed -n 's/^子命令 \/ subcommands: //p' ;;
    esac
}
for cmd in $("$KAOHE" --help | sed -n 's/^  \([a-z]*\) .*/\1/p'); do
    subs=$(subs_of "$cmd")
    [ -n "$subs" ] || subs=-
    for sub in $subs; do
        [ "$sub" = - ] && sub=
        if [ "$cmd $sub" = "indicators explain" ]; then
            "$KAOHE" indicators explain --help > help.txt 2> /dev/null
        else
            # shellcheck disable=SC2086
            "$KAOHE" $cmd $sub --help > help.txt 2> /dev/null
        fi
        grep -q "^  --year \|^  --from \|^  --to " help.txt || continue
        [ "$cmd" = gen ] && continue # its own range, checked above
        grep -q "^$cmd ${sub:+$sub }" year_cmds ||
            fail "kaohe $cmd $sub takes a year but is not in this test's list"
    done
done

# 2. A year without a poverty line, where the command needs one (review):
# refused before anything is read, unless a province's file gives it.
expect_exit 2 "$KAOHE" review --year 2021 --db k.db
grep -q "标准中没有该年的贫困线(poverty_line.2021" err.txt || fail "no line said (zh)"
grep -q "the standards have no poverty line for that year (poverty_line.2021" err.txt ||
    fail "no line said (en)"
printf '[poverty_line]\n2021 = 5000\n' > line.std
expect_exit 2 "$KAOHE" review --year 2021 --standards line.std --db k.db
grep -q "no registry snapshot for 2021" err.txt || fail "with the line, the year is taken"
# the --standards file may come after --year
expect_exit 2 "$KAOHE" review --standards line.std --year 2021 --db k.db
grep -q "no registry snapshot for 2021" err.txt || fail "--standards after --year"
# Every other command that takes a year refuses one without a poverty
# line the same way (the option layer's one check), but import and check:
# a year's registry is loaded and checked before its line is known (check
# then goes on without the review, tests/e2e/review.sh).
printf 'x\n' > x.csv
n=0
while read -r line; do
    # shellcheck disable=SC2086
    "$KAOHE" $line 2021 --db k.db > out.txt 2> err.txt
    rc=$?
    case "$line" in
    "check "* | "import "*)
        grep -q "poverty line" err.txt && fail "$line 2021: refused for the line"
        continue ;;
    esac
    [ "$rc" = 2 ] &&
        grep -q "^kaohe: 用法错误:${line##* } 2021:标准中没有该年的贫困线(poverty_line.2021" err.txt &&
        grep -q "^kaohe: usage: ${line##* } 2021: the standards have no poverty line for that year (poverty_line.2021" err.txt ||
        { cat err.txt; fail "$line 2021: not refused for the missing poverty line"; }
    n=$((n + 1))
done < year_cmds
[ "$n" -ge 20 ] || fail "only $n commands checked for the line"
echo "a year without a poverty line refused by $n invocations"
# Where the command takes --standards, a province's file gives the line.
expect_exit 2 "$KAOHE" indicators --year 2021 --standards line.std --db k.db
grep -q "poverty line" err.txt && fail "indicators: the file's line not taken"
grep -q "no registry snapshot for 2021" err.txt || fail "indicators 2021 with the line"
expect_exit 2 "$KAOHE" summary --year 2021 --db k.db
grep -q "(poverty_line.2021)" err.txt || fail "summary takes no --standards: none offered"

# 3. An unknown option, named, for every command and subcommand.
for cmd in $("$KAOHE" --help | sed -n 's/^  \([a-z]*\) .*/\1/p'); do
    subs=$(subs_of "$cmd")
    [ -n "$subs" ] || subs=-
    for sub in $subs; do
        [ "$sub" = - ] && sub=
        case "$cmd $sub" in
        "indicators explain") set -- indicators explain 530102001001 x ;;
        "assess explain") set -- assess explain 530102000000 ;;
        *) set -- $cmd $sub ;;
        esac
        expect_exit 2 "$KAOHE" "$@" --no-such-option x --db k.db
        [ "$(head -1 err.txt)" = "kaohe: 未知选项 --no-such-option / unknown option --no-such-option" ] ||
            { cat err.txt; fail "$*: unknown option not named"; }
        expect_exit 2 "$KAOHE" "$@" --no-such=1
        grep -q "unknown option --no-such\$" err.txt || fail "$*: --no-such=1 not named"
    done
done
# An option another subcommand takes is unknown here: it was once ignored.
expect_exit 2 "$KAOHE" rectify list --measures foo --db k.db
grep -q "^kaohe: 未知选项 --measures / unknown option --measures$" err.txt || fail "rectify list --measures"
grep -q "kaohe rectify list --help" err.txt || fail "where the options are listed"
expect_exit 2 "$KAOHE" assess list --year 2019 --db k.db
grep -q "unknown option --year" err.txt || fail "assess list --year"
expect_exit 2 "$KAOHE" indicators --year 2019 --all --db k.db
grep -q "unknown option --all" err.txt || fail "--all is explain's"
# the same options where they belong still work
expect_exit 0 "$KAOHE" rectify list --db k.db
expect_exit 0 "$KAOHE" indicators --year 2019 --db k.db --format json -o ind.json

# 4. Malformed values name the option and the type or range.
expect_exit 2 "$KAOHE" rectify due --days abc --db k.db
grep -q "选项 --days 的值“abc”无效:应为 0 到 36500 之间的整数" err.txt || fail "--days abc (zh)"
grep -q "option --days: invalid value 'abc': expected an integer from 0 to 36500" err.txt ||
    fail "--days abc (en)"
expect_exit 2 "$KAOHE" indicators --year 2019 --threads 17 --db k.db
grep -q "option --threads: the value 17 is out of range: expected 1 to 16" err.txt || fail "--threads 17"
expect_exit 2 "$KAOHE" audit list --limit -1 --db k.db
grep -q "option --limit: the value -1 is out of range: expected at least 0" err.txt || fail "--limit -1"
expect_exit 2 "$KAOHE" sample lists --design 1x --out d --db k.db
grep -q "option --design: invalid value '1x'" err.txt || fail "--design 1x"
expect_exit 2 "$KAOHE" serve --max-body=0 --db k.db
grep -q "option --max-body: the value 0 is out of range" err.txt || fail "--max-body=0"
expect_exit 2 "$KAOHE" check --format pdf --db k.db --year 2019
grep -q "option --format: invalid value 'pdf': expected one of text|json|csv|xlsx" err.txt ||
    fail "--format pdf"
expect_exit 2 "$KAOHE" review --year 2019 --findings=yes --db k.db
grep -q "option --findings takes no value" err.txt || fail "a flag with a value"
expect_exit 2 "$KAOHE" import registry x.csv --year 2019 --db=
grep -q "option --db: invalid value '': expected a file name" err.txt || fail "--db="
expect_exit 2 "$KAOHE" init --db k.db extra
grep -q "unexpected argument 'extra'" err.txt || fail "a word too many"

# 5. --help of every command and subcommand lists its options, on
# standard output, exit 0; a subcommand's lists only its own.
for cmd in $("$KAOHE" --help | sed -n 's/^  \([a-z]*\) .*/\1/p'); do
    subs=$(subs_of "$cmd")
    for sub in - $subs; do
        [ "$sub" = - ] && sub=
        [ "$cmd" = report ] && [ -z "$sub" ] && continue # a list of documents
        # shellcheck disable=SC2086
        expect_exit 0 "$KAOHE" $cmd $sub --help
        grep -q "^选项 / options" out.txt || fail "kaohe $cmd $sub --help lists no options"
        grep -q "^  --help, -h " out.txt || fail "kaohe $cmd $sub --help: --help itself"
    done
done
expect_exit 0 "$KAOHE" rectify list --help
grep -q "^选项 / options (list):" out.txt || fail "list's options headed"
for o in --region --status --overdue --format -o --db; do
    grep -q "^  $o " out.txt || fail "rectify list --help lacks $o"
done
grep -q "^  --measures " out.txt && fail "rectify list --help lists plan's --measures"
expect_exit 0 "$KAOHE" rectify --help
grep -q "^  --measures T " out.txt || fail "rectify --help lists every option"
grep -q "^ *(plan)$" out.txt || fail "rectify --help names the subcommands of an option"
expect_exit 0 "$KAOHE" review -h
grep -q "^  --year YYYY .*\[1990..2100\]" out.txt || fail "the year's range in --help"
grep -q "^  --format F .*\[text|json|csv|xlsx\]" out.txt || fail "the choices in --help"
echo "options: unknown, malformed and out-of-range values refused by name; --help from the tables"
