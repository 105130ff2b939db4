#!/usr/bin/perl
# make check's aggregator: reads each step's TAP file once with perl's
# TAP::Parser (prove's), and prints them as one TAP stream (also written to
# OUT): each result renumbered, each step's diagnostics kept, then the
# closing line "N passed, N failed, N skipped".  A step that left no file
# (it failed), a step marked "!" (make did not bring it up to date: a step
# it needs failed, so what it holds is an earlier run's), a TAP parse error
# and a "Bail out!" are failures.  Exits 1 if anything failed.
# Usage: scripts/tap-summary.pl OUT [!]STEP.tap...
use strict;
use warnings;
use TAP::Parser;

my $out = shift @ARGV;
my ($pass, $fail, $skip) = (0, 0, 0);
my @lines;

sub result {
	my ($ok, $desc, $directive) = @_;
	if (!$ok) { $fail++ } elsif ($directive =~ /^SKIP/) { $skip++ } else { $pass++ }
	push @lines, [($ok ? 'ok' : 'not ok'), $desc . ($directive ne '' ? " # $directive" : '')];
}

for my $arg (@ARGV) {
	(my $file = $arg) =~ s/^!//;
	(my $step = $file) =~ s{^.*/|\.tap$}{}g;
	if ($arg =~ /^!/) {
		result(0, "$step: not redone: a step it needs failed (see make's output)", '');
		next;
	}
	if (!-f $file) {
		result(0, "$step: the step left no results (see make's output)", '');
		next;
	}
	open(my $fh, '<', $file) or die "$file: $!";
	my $tap = do { local $/; <$fh> };
	close($fh);
	my $parser = TAP::Parser->new({ tap => $tap });
	while (my $r = $parser->next) {
		if ($r->is_test) {
			(my $desc = $r->description) =~ s/^-\s*//;
			my $dir = $r->has_directive ? join(' ', grep { $_ ne '' } $r->directive, $r->explanation) : '';
			result($r->is_ok, $desc, $dir);
		} elsif ($r->is_comment) {
			push @lines, ['#', $r->as_string];
		} elsif ($r->is_bailout) {
			result(0, "$step: Bail out! " . $r->explanation, '');
		}
	}
	result(0, "$step: TAP: $_", '') for $parser->parse_errors;
}

open(my $fh, '>', $out) or die "$out: $!";
my $n = 0;
for my $fd (\*STDOUT, $fh) {
	$n = 0;
	print $fd "TAP version 13\n1.." . ($pass + $fail + $skip) . "\n";
	for my $l (@lines) {
		if ($l->[0] eq '#') { print $fd "$l->[1]\n" } else { print $fd "$l->[0] " . ++$n . " - $l->[1]\n" }
	}
	print $fd "$pass passed, $fail failed, $skip skipped\n";
}
close($fh);
exit($fail ? 1 : 0);
