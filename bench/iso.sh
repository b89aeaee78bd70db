#!/bin/sh
# bench/iso.sh: role ISO build speed and memory, side by side with cp and
# xorriso, on a generated CentOS-7-shaped base tree (random data, not
# committed). Usage: bench/iso.sh [SIZE_MIB]   (default 4096)
# Needs: go, xorriso, isomd5sum, mkfs.fat, mtools, isolinux, /usr/bin/time, bc, a kernel
# in /boot. Work happens in $BENCH_DIR (default /var/tmp), on one disk.
set -eu
size_mib=${1:-4096}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d -p "${BENCH_DIR:-/var/tmp}" rockyiso-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
tree=$work/tree
base=$root/internal/isotest/testdata/base

mkdir -p "$tree/isolinux" "$tree/images/pxeboot" "$tree/EFI/BOOT" "$tree/Packages"
kernel=$(ls /boot/vmlinuz-* | tail -1)
initrd=$(ls /boot/initrd.img-* | tail -1)
cp /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 /usr/lib/syslinux/modules/bios/vesamenu.c32 "$tree/isolinux/"
cp "$base/isolinux.cfg" "$tree/isolinux/"
cp "$base/grub.cfg" "$tree/EFI/BOOT/"
cp "$base/discinfo" "$tree/.discinfo"
cp "$base/treeinfo" "$tree/.treeinfo"
for d in isolinux images/pxeboot; do cp "$kernel" "$tree/$d/vmlinuz"; cp "$initrd" "$tree/$d/initrd.img"; done
mkfs.fat -F 16 -C "$tree/images/efiboot.img" 16384 >/dev/null
mmd -i "$tree/images/efiboot.img" ::/EFI ::/EFI/BOOT
mcopy -i "$tree/images/efiboot.img" "$base/grub.cfg" ::/EFI/BOOT/grub.cfg

# Packages: 2 MiB random files up to the size asked.
n=$((size_mib / 2))
i=0
head -c $((size_mib * 1024 * 1024)) /dev/urandom | split -b 2M -a 5 - "$tree/Packages/pkg-"
echo "tree: $(du -sh "$tree" | cut -f1) in $(find "$tree" -type f | wc -l) files"

timed() { # label command...: wall seconds, CPU seconds and peak RSS
	label=$1; shift
	sync
	# Same start for every contender: inputs in the page cache, no dirty data.
	cat "$work/base.iso" "$tree"/Packages/* >/dev/null 2>&1 || true
	/usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
	read -r secs user sys kib <"$work/time"
	printf '%-38s %8.2f s wall %7.2f s CPU %5d MB peak RSS\n' "$label" "$secs" "$(echo "$user + $sys" | bc)" $((kib / 1024))
	eval "t_$(echo "$label" | tr -c 'a-z0-9\n' '_')=$secs"
}

go build -o "$work/isobuild" "$root/bench/isobuild"
isohdpfx=/usr/lib/ISOLINUX/isohdpfx.bin
sync
timed "xorriso -as mkisofs (base)" xorriso -as mkisofs -quiet -o "$work/base.iso" \
	-b isolinux/isolinux.bin -c isolinux/boot.cat -no-emul-boot -boot-load-size 4 -boot-info-table \
	-eltorito-alt-boot -e images/efiboot.img -no-emul-boot -isohybrid-gpt-basdat -isohybrid-mbr "$isohdpfx" \
	-R -J -V "CentOS 7 x86_64" "$tree"
sync
timed "rockyiso build (1 role)" "$work/isobuild" -base "$work/base.iso" -out "$work/role.iso"
sync
timed "cp (file of the output's size)" cp "$work/role.iso" "$work/copy.iso"
rm -f "$work/copy.iso"
sync
# rockyiso fsyncs its output before the rename; so does this cp.
timed "cp + sync" sh -c "cp '$work/role.iso' '$work/copy.iso' && sync"
rm -f "$work/copy.iso"
sync
timed "xorriso -as mkisofs (same tree)" xorriso -as mkisofs -quiet -o "$work/x.iso" \
	-b isolinux/isolinux.bin -c isolinux/boot.cat -no-emul-boot -boot-load-size 4 -boot-info-table \
	-eltorito-alt-boot -e images/efiboot.img -no-emul-boot -isohybrid-mbr "$isohdpfx" -R -V ROCKY7_X "$tree"
rm -f "$work/x.iso"
sync
timed "xorriso -as mkisofs + sync" sh -c "xorriso -as mkisofs -quiet -o '$work/x.iso' \
	-b isolinux/isolinux.bin -c isolinux/boot.cat -no-emul-boot -boot-load-size 4 -boot-info-table \
	-eltorito-alt-boot -e images/efiboot.img -no-emul-boot -isohybrid-mbr '$isohdpfx' -R -V ROCKY7_X '$tree' && sync"
rm -f "$work/x.iso"
# What lorax does: mkisofs, then implantisomd5 reads the image again.
timed "xorriso + implantisomd5 (lorax way)" sh -c "xorriso -as mkisofs -quiet -o '$work/x.iso' \
	-b isolinux/isolinux.bin -c isolinux/boot.cat -no-emul-boot -boot-load-size 4 -boot-info-table \
	-eltorito-alt-boot -e images/efiboot.img -no-emul-boot -isohybrid-mbr '$isohdpfx' -R -V ROCKY7_X '$tree' && implantisomd5 '$work/x.iso' && sync"
rm -f "$work/x.iso" "$work/role.iso"
timed "rockyiso build (4 roles, one run)" "$work/isobuild" -base "$work/base.iso" \
	-out "$work/r1.iso,$work/r2.iso,$work/r3.iso,$work/r4.iso"
echo "role ISO size: $(stat -c %s "$work/r1.iso") bytes"
awk -v b="$t_rockyiso_build__1_role_" -v c="$t_cp__file_of_the_output_s_size_" -v x="$t_xorriso__as_mkisofs__same_tree_" \
	-v cs="$t_cp___sync" -v xs="$t_xorriso__as_mkisofs___sync" -v xi="$t_xorriso___implantisomd5__lorax_way_" -v f="$t_rockyiso_build__4_roles__one_run_" \
	'BEGIN { printf "ratios: build/cp %.2f, build/(cp+sync) %.2f (target <= 1.3); build/xorriso %.2f, build/(xorriso+sync) %.2f, build/(xorriso+implantisomd5) %.2f (target <= 1.0); 4 roles in one run / 1 role %.2f\n", b/c, b/cs, b/x, b/xs, b/xi, f/b }'
