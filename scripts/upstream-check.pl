#!/usr/bin/perl
# Does a patch cite upstream commits as tests/upstream.txt lists them?
# Every commit id in its message (12 to 40 hex digits, as checkpatch's
# GIT_COMMIT_ID takes them: "commit <id> ("<subject>")", "Fixes: <id>
# ("<subject>")", or a bare id; a run of digits alone is not taken for
# one) must be in the list, and where the message gives a subject, with
# the list's subject.  Prints one TAP line a patch.
# Usage: scripts/upstream-check.pl LIST PATCH...
use strict;
use warnings;

my $list = shift @ARGV;
my %subject;
open(my $fh, '<', $list) or die "$list: $!";
while (<$fh>) {
	next if /^\s*(#|$)/;
	chomp;
	my ($id, $subj) = /^([0-9a-f]{12})\s+(.*)$/ or die "$list: bad line: $_\n";
	$subject{$id} = $subj;
}
close($fh);

for my $patch (@ARGV) {
	# The message: after the Subject header, up to the "---" line.
	open($fh, '<', $patch) or die "$patch: $!";
	my $msg = '';
	my $in = 0;
	while (<$fh>) {
		last if /^---$/;
		$in = 1 if /^$/ && !$in;
		$msg .= $_ if $in;
	}
	close($fh);
	(my $flat = $msg) =~ s/\s+/ /g;

	my (@bad, %seen);
	while ($flat =~ /(?<![0-9a-zA-Z_])([0-9a-f]{12,40})(?![0-9a-zA-Z_])(?: \("(.*?)"\))?/g) {
		my ($id, $subj) = (substr($1, 0, 12), $2);
		next if $1 =~ /^[0-9]+$/;
		$seen{$id} = 1;
		if (!exists $subject{$id}) {
			push @bad, "$id is not in $list";
		} elsif (defined $subj && $subj ne $subject{$id}) {
			push @bad, "$id is cited as (\"$subj\"), $list has (\"$subject{$id}\")";
		}
	}
	(my $name = $patch) =~ s{.*/}{};
	my $n = keys %seen;
	if (@bad) {
		print "# $_\n" for @bad;
		print "not ok - series: $name cites upstream commits as $list lists them\n";
	} else {
		print "ok - series: $name cites upstream commits as $list lists them ($n cited)\n";
	}
}
