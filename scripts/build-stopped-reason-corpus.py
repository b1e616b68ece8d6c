#!/usr/bin/env python3
# Rebuilds the "gathered" section of Tests/ECSMedicTests/StoppedReason/corpus.tsv (issue #23) from batch files.
# Usage: scripts/build-stopped-reason-corpus.py BATCH_DIR [--write]
# BATCH_DIR holds bNN.tsv files, one real message a line: category<TAB>source<TAB>message. Lines above the
# "# --- gathered" marker are kept; the section below it is rebuilt: exact duplicates dropped, then "derived" cuts
# (255 characters, as the console shows) and re-capitalisations of tuning-set messages added, chosen by FNV-1a hash.
# The held-back tenth (FNV-1a-64 of the message = 0 mod 10) is computed by the test, the same way; without --write
# this only prints counts.
import glob, os, sys
CATS = None
def fnv1a(s):
    h = 0xcbf29ce484222325
    for b in s.encode('utf-8'):
        h ^= b; h = (h * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h
corpus_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'Tests', 'ECSMedicTests', 'StoppedReason', 'corpus.tsv')
batch_dir = sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith('--') else os.environ.get('CORPUS_BATCHES', '.')
orig = open(corpus_path).read().split('\n')
marker_idx = next((i for i,l in enumerate(orig) if l.startswith('# --- gathered')), None)
if marker_idx is not None: orig = orig[:marker_idx]
while orig and orig[-1] == '': orig.pop()
seen = set()
for l in orig:
    if l and not l.startswith('#'): seen.add(l.split('\t',2)[2])
new = []; dups = 0; bad = 0
for f in sorted(glob.glob(os.path.join(batch_dir, 'b*.tsv'))):
    for l in open(f).read().split('\n'):
        if not l.strip(): continue
        p = l.split('\t')
        if len(p) != 3: print('BAD', f, l[:80]); bad += 1; continue
        cat, src, msg = p
        msg = msg.strip()
        if msg in seen: dups += 1; continue
        seen.add(msg); new.append((cat, src, msg))
held = [e for e in new if fnv1a(e[2]) % 10 == 0]
tune = [e for e in new if fnv1a(e[2]) % 10 != 0]
derived = []
for cat, src, msg in tune:
    h = fnv1a(msg)
    if len(msg) > 255 and (h >> 8) % 2 == 0:
        cut = msg[:255]
        if cut not in seen: seen.add(cut); derived.append((cat, f'derived (cut at 255 characters, as the console does) from {src}', cut))
    if (h >> 16) % 12 == 0:
        rc = msg.lower(); rc = rc[:1].upper() + rc[1:]
        if rc not in seen and rc != msg: seen.add(rc); derived.append((cat, f'derived (re-capitalised as the console shows some reasons) from {src}', rc))
print('orig', sum(1 for l in orig if l and not l.startswith('#')), 'new', len(new), 'dups', dups, 'bad', bad, 'held', len(held), 'derived', len(derived), file=sys.stderr)
if '--write' in sys.argv:
    out = orig + ['',
      '# --- gathered (issue #23) ---',
      '# Real messages gathered from public sources (GitHub issues and files, AWS documentation, blogs), each with its',
      '# source: a URL, or "public GitHub file (search index id N)" for a file found by exact-string search. Pasted',
      '# messages are kept as they appear (ids, ARNs, anonymised parts); a message pasted over several lines is joined',
      '# with spaces; "excerpt cut" marks one whose end was not in the excerpt read. Exact duplicates are dropped.',
      '# The held-back tenth: every line of this section not marked "derived" whose message hashes (FNV-1a 64 over its',
      '# UTF-8 bytes) to 0 modulo 10. It was fixed before the phrase table was tuned and the table is not tuned on it.',
      '# "derived" lines are cut or re-capitalised copies of tuning-set messages, marked with their original\'s source.']
    for cat, src, msg in new: out.append(f'{cat}\t{src}\t{msg}')
    for cat, src, msg in derived: out.append(f'{cat}\t{src}\t{msg}')
    open(corpus_path, 'w').write('\n'.join(out) + '\n')
