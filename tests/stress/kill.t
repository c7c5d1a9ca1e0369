#!/bin/bash
# make stress: t/72-rel-kill.t with both recoveries (stop, and start then
# stop) from all 7 kill points: 14 kills, about 6 minutes under TCG.
export KX_KILL_TIMEOUT=900 KX_KILL_APPEND="kxst.both=1 kxst.points=lb,la,lo,ub,ua,wr,wh"
exec "$(dirname "$0")/../vm/t/72-rel-kill.t"
