package org.failoverwatchdog.drills.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.failoverwatchdog.drills.chart.ChartData.Mark;
import org.failoverwatchdog.drills.chart.ChartData.MarkKind;
import org.failoverwatchdog.drills.chart.ChartData.Transition;
import org.failoverwatchdog.drills.chart.ChartData.TransitionKind;
import org.failoverwatchdog.drills.measure.IterationTimeline.Lane;
import org.failoverwatchdog.drills.measure.IterationTimeline.State;
import org.failoverwatchdog.drills.measure.IterationTimeline.StateRun;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StackedXYBarRenderer;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultTableXYDataset;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;

/**
 * One iteration's timeline as a JFreeChart: four panels over a shared axis of seconds since the
 * fault. (1) LB probes a second, 200 against the rest; (2) the writer's inserts a second; (3) each
 * node's DB role, app role, router and fence as coloured bands; (4) the drill's faults and
 * restores, every database promotion and the watchdog's transitions (from the plan's start to its
 * end), with labels. Faults, restores and promotions are also vertical lines through every panel.
 */
public final class TimelineChart {
    static {
        // First, before this class touches AWT: no display is needed, none is looked for.
        if (System.getProperty("java.awt.headless") == null)
            System.setProperty("java.awt.headless", "true");
    }

    public static final int WIDTH = 1400, HEIGHT = 900;

    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 17);
    private static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font SUBTITLE_SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    /** Where the lanes come from, under the title: a blank is no look, not a state. */
    private static final String HOW =
            "DB role: direct polls every 0.5 s; app, router, fenced: the drill's looks, about one a"
                    + " second while it waits (blank: no look); watchdog: its journal, each plan from"
                    + " start to end";

    private static final Font AXIS = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font TICKS = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Font LEGEND = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Color OK = new Color(0x43a047), FAILED = new Color(0xe53935);
    private static final Color GRID = new Color(0xdddddd);

    /**
     * The plot area's width in pixels, roughly (the chart less the lane names and margins): for
     * placing labels so they do not overlap.
     */
    private static final int PLOT_PIXELS = WIDTH - 200;

    private static final Map<State, Color> STATE_COLOURS = new EnumMap<>(State.class);
    private static final Map<State, String> STATE_NAMES = new EnumMap<>(State.class);
    private static final Map<TransitionKind, Color> KIND_COLOURS =
            new EnumMap<>(TransitionKind.class);

    static {
        state(State.PRIMARY, 0x1b5e20, "DB primary");
        state(State.STANDBY, 0x64b5f6, "DB standby");
        state(State.DOWN, 0xd32f2f, "DB down (no answer)");
        state(State.ACTIVE, 0x66bb6a, "app active (ha-primary)");
        state(State.PASSIVE, 0xbbdefb, "app passive (ha-secondary)");
        state(State.ROUTER_UP, 0xfb8c00, "router up");
        state(State.NO_ROUTER, 0xeeeeee, "no router");
        state(State.FENCED, 0x8e24aa, "fenced (read-only)");
        state(State.NOT_FENCED, 0xf3e5f5, "not fenced");
        state(State.UNKNOWN, 0x9e9e9e, "unknown (no answer)");
        KIND_COLOURS.put(TransitionKind.PROMOTE, new Color(0x2e7d32));
        KIND_COLOURS.put(TransitionKind.DEMOTE, new Color(0x1565c0));
        KIND_COLOURS.put(TransitionKind.ENSURE_ROUTER, new Color(0xfb8c00));
        KIND_COLOURS.put(TransitionKind.REPAIR, new Color(0xfbc02d));
        KIND_COLOURS.put(TransitionKind.FENCE, new Color(0x8e24aa));
        KIND_COLOURS.put(TransitionKind.UNFENCE, new Color(0xce93d8));
        KIND_COLOURS.put(TransitionKind.REJOIN, new Color(0x6d4c41));
        KIND_COLOURS.put(TransitionKind.OTHER, new Color(0x757575));
    }

    private static void state(State s, int rgb, String name) {
        STATE_COLOURS.put(s, new Color(rgb));
        STATE_NAMES.put(s, name);
    }

    private TimelineChart() {}

    public static JFreeChart of(ChartData d) {
        NumberAxis time = new NumberAxis("seconds since the fault");
        time.setLabelFont(AXIS);
        time.setTickLabelFont(TICKS);
        time.setRange(d.from() - 1, d.to() + 1);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(time);
        plot.setGap(8);
        XYPlot lb = counts(d.lb(), "LB probes/s", "LB 200", "LB failed (non-200, no answer)");
        XYPlot writes = counts(d.writes(), "writes/s", "writes acknowledged", "writes failed");
        if (!d.recorded()) {
            notRecorded(lb, d, "only the failed probes were recorded");
            notRecorded(writes, d, "not recorded");
        }
        XYPlot lanes = lanes(d);
        XYPlot events = events(d);
        plot.add(lb, 2);
        plot.add(writes, 2);
        // without lanes (an old results.json) the panel keeps only room for its note
        plot.add(lanes, d.bands().isEmpty() ? 1 : Math.max(3, d.nodes().size() * 2 + 1));
        plot.add(events, Math.max(3, d.nodes().size() + 2));
        for (XYPlot p : List.of(lb, writes, lanes, events)) {
            p.setBackgroundPaint(Color.WHITE);
            p.setDomainGridlinePaint(GRID);
            p.setRangeGridlinePaint(GRID);
            for (Mark m : d.marks()) p.addDomainMarker(line(m), Layer.FOREGROUND);
        }
        plot.setFixedLegendItems(legend(d));

        JFreeChart chart = new JFreeChart(d.title(), TITLE, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(0, new TextTitle(d.subtitle(), SUBTITLE));
        if (d.recorded()) {
            TextTitle how = new TextTitle(HOW, SUBTITLE_SMALL);
            how.setPaint(Color.DARK_GRAY);
            chart.addSubtitle(1, how);
        }
        LegendTitle legend = chart.getLegend();
        legend.setItemFont(LEGEND);
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setFrame(BlockBorder.NONE);
        legend.setItemLabelPadding(new RectangleInsets(2, 2, 2, 8));
        return chart;
    }

    /** Stacked bars a second: ok below, failed on top. */
    private static XYPlot counts(
            List<ChartData.Count> counts, String axis, String okName, String failedName) {
        XYSeries ok = new XYSeries(okName, true, false),
                failed = new XYSeries(failedName, true, false);
        for (ChartData.Count c : counts) {
            ok.add(c.second(), c.ok());
            failed.add(c.second(), c.failed());
        }
        DefaultTableXYDataset data = new DefaultTableXYDataset();
        data.addSeries(ok);
        data.addSeries(failed);
        data.setIntervalWidth(1.0);
        data.setIntervalPositionFactor(0.0); // the bar of second s spans s to s + 1
        StackedXYBarRenderer r = new StackedXYBarRenderer(0.15);
        r.setBarPainter(new StandardXYBarPainter());
        r.setShadowVisible(false);
        r.setDrawBarOutline(false);
        r.setSeriesPaint(0, OK);
        r.setSeriesPaint(1, FAILED);
        NumberAxis y = new NumberAxis(axis);
        y.setLabelFont(AXIS);
        y.setTickLabelFont(TICKS);
        y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        int max = counts.stream().mapToInt(c -> c.ok() + c.failed()).max().orElse(1);
        y.setRange(0, Math.max(1, max) * 1.1);
        return new XYPlot(data, null, y, r);
    }

    /** A grey note in the panel's top right corner, clear of the bars on the left. */
    private static void notRecorded(XYPlot p, ChartData d, String text) {
        XYTextAnnotation a =
                new XYTextAnnotation(
                        "(" + text + " in this results.json)",
                        d.to(),
                        p.getRangeAxis().getUpperBound() * 0.95);
        a.setFont(LABEL);
        a.setPaint(Color.GRAY);
        a.setTextAnchor(TextAnchor.TOP_RIGHT);
        p.addAnnotation(a);
    }

    private static final List<Lane> LANES = List.of(Lane.DB, Lane.APP, Lane.ROUTER, Lane.FENCE);
    private static final Map<Lane, String> LANE_NAMES =
            Map.of(Lane.DB, "DB", Lane.APP, "app", Lane.ROUTER, "router", Lane.FENCE, "fenced");

    /** Every node's four lanes, the first node's DB on top. */
    private static XYPlot lanes(ChartData d) {
        boolean none = d.bands().isEmpty(); // then one row for the note
        int rows = none ? 1 : d.nodes().size() * LANES.size();
        String[] names = new String[rows];
        if (none) names[0] = "node states";
        else
            for (int n = 0; n < d.nodes().size(); n++)
                for (Lane l : LANES)
                    names[row(rows, n, l)] = d.nodes().get(n) + " " + LANE_NAMES.get(l);
        Map<State, XYIntervalSeries> series = new LinkedHashMap<>();
        for (State s : State.values()) series.put(s, new XYIntervalSeries(STATE_NAMES.get(s)));
        for (StateRun b : d.bands()) {
            int y = row(rows, d.nodes().indexOf(b.node()), b.lane());
            series.get(b.state()).add(b.from(), b.from(), b.to(), y, y - 0.4, y + 0.4);
        }
        XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
        XYBarRenderer r = bars();
        int i = 0;
        for (Map.Entry<State, XYIntervalSeries> e : series.entrySet()) {
            data.addSeries(e.getValue());
            r.setSeriesPaint(i++, STATE_COLOURS.get(e.getKey()));
        }
        SymbolAxis y = new SymbolAxis(null, names);
        y.setTickLabelFont(TICKS);
        y.setGridBandsVisible(false);
        y.setRange(-0.6, rows - 0.4);
        XYPlot p = new XYPlot(data, null, y, r);
        for (int n = 1; !none && n < d.nodes().size(); n++) { // a line between the nodes
            ValueMarker m = new ValueMarker(rows - n * LANES.size() - 0.5);
            m.setPaint(Color.DARK_GRAY);
            m.setStroke(new BasicStroke(1.2f));
            p.addRangeMarker(m);
        }
        if (none) note(p, d, 0, "(not recorded in this results.json)");
        return p;
    }

    private static int row(int rows, int node, Lane lane) {
        return rows - 1 - (node * LANES.size() + LANES.indexOf(lane));
    }

    /**
     * Rows: the drill (faults, restores, promotions) on top, then each node's watchdog. A
     * transition is a bar from its start to its end, its label above it; labels go to the first of
     * three levels where they do not overlap the one before.
     */
    private static XYPlot events(ChartData d) {
        int rows = d.nodes().size() + 1;
        String[] names = new String[rows];
        names[rows - 1] = "drill, DB";
        for (int n = 0; n < d.nodes().size(); n++)
            names[rows - 2 - n] = d.nodes().get(n) + " watchdog";
        Map<TransitionKind, XYIntervalSeries> series = new LinkedHashMap<>();
        for (TransitionKind k : TransitionKind.values())
            series.put(k, new XYIntervalSeries(k.name()));
        double secondsPerPixel = (d.to() - d.from() + 2) / PLOT_PIXELS;
        FontMetrics fm = metrics();
        List<XYTextAnnotation> labels = new ArrayList<>();
        Levels[] levels = new Levels[rows];
        for (int i = 0; i < rows; i++) levels[i] = new Levels(secondsPerPixel);
        for (int n = 0; n < d.nodes().size(); n++) {
            String node = d.nodes().get(n);
            int y = rows - 2 - n;
            List<Transition> ts =
                    d.transitions().stream()
                            .filter(t -> t.node().equals(node))
                            .sorted(java.util.Comparator.comparingDouble(Transition::from))
                            .toList();
            for (Transition t : ts) {
                // a short plan still shows: at least 3 pixels wide
                double to = Math.max(t.to(), t.from() + 3 * secondsPerPixel);
                series.get(t.kind()).add(t.from(), t.from(), to, y, y - 0.42, y - 0.22);
            }
            // The same plan again before its label ends (repairs in a row) is counted in one label.
            for (int i = 0, j; i < ts.size(); i = j) {
                String text = label(ts.get(i));
                double end = ts.get(i).from() + fm.stringWidth(text + " ×99") * secondsPerPixel;
                for (j = i + 1; j < ts.size(); j++)
                    if (!label(ts.get(j)).equals(text) || ts.get(j).from() >= end) break;
                levels[y]
                        .place(
                                j - i > 1 ? text + " ×" + (j - i) : text,
                                ts.get(i).from(),
                                y - 0.2,
                                fm,
                                ts.get(i).succeeded() ? null : FAILED,
                                true)
                        .ifPresent(labels::add);
            }
        }
        int top = rows - 1;
        for (Mark m : d.marks()) {
            String text =
                    switch (m.kind()) {
                        case FAULT -> "fault: " + ChartData.shorten(m.label(), 60);
                        case RESTORE -> "restore: " + ChartData.shorten(m.label(), 50);
                        case PROMOTION -> m.label();
                    };
            levels[top]
                    .place(text, m.at(), top - 0.42, fm, markColour(m.kind()), false)
                    .ifPresent(labels::add);
        }
        XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
        XYBarRenderer r = bars();
        int i = 0;
        for (Map.Entry<TransitionKind, XYIntervalSeries> e : series.entrySet()) {
            data.addSeries(e.getValue());
            r.setSeriesPaint(i++, KIND_COLOURS.get(e.getKey()));
        }
        SymbolAxis y = new SymbolAxis(null, names);
        y.setTickLabelFont(TICKS);
        y.setGridBandsVisible(false);
        y.setRange(-0.5, rows - 0.5);
        XYPlot p = new XYPlot(data, null, y, r);
        labels.forEach(p::addAnnotation);
        return p;
    }

    private static String label(Transition t) {
        return t.kind().name().toLowerCase().replace('_', ' ')
                + (t.rule().isEmpty() ? "" : " (" + t.rule() + ")")
                + (t.succeeded() ? "" : " failed");
    }

    /**
     * Three levels of labels in one row; a label goes to the first level it fits on. With every
     * level taken, a transition's label is left out (its bar's colour still says its kind); a
     * fault's or a promotion's goes over the level that frees first.
     */
    private static final class Levels {
        private static final double STEP = 0.22;
        private final double secondsPerPixel;
        private final double[] freeFrom = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};

        Levels(double secondsPerPixel) {
            this.secondsPerPixel = secondsPerPixel;
        }

        Optional<XYTextAnnotation> place(
                String text, double x, double y0, FontMetrics fm, Color colour, boolean mayDrop) {
            int best = 0;
            boolean free = false;
            for (int k = 0; k < freeFrom.length; k++) {
                if (freeFrom[k] <= x) {
                    best = k;
                    free = true;
                    break;
                }
                if (freeFrom[k] < freeFrom[best]) best = k;
            }
            if (!free && mayDrop) return Optional.empty();
            freeFrom[best] = x + (fm.stringWidth(text) + 8) * secondsPerPixel;
            XYTextAnnotation a = new XYTextAnnotation(text, x, y0 + best * STEP);
            a.setFont(LABEL);
            a.setPaint(colour == null ? Color.BLACK : colour);
            a.setTextAnchor(TextAnchor.BOTTOM_LEFT);
            return Optional.of(a);
        }
    }

    private static FontMetrics metrics() {
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        try {
            return g.getFontMetrics(LABEL);
        } finally {
            g.dispose();
        }
    }

    private static XYBarRenderer bars() {
        XYBarRenderer r = new XYBarRenderer();
        r.setUseYInterval(true);
        r.setBarPainter(new StandardXYBarPainter());
        r.setShadowVisible(false);
        r.setDrawBarOutline(false);
        return r;
    }

    private static Color markColour(MarkKind k) {
        return switch (k) {
            case FAULT -> new Color(0xc62828);
            case RESTORE -> new Color(0x424242);
            case PROMOTION -> new Color(0x0d47a1);
        };
    }

    private static ValueMarker line(Mark m) {
        Stroke s =
                m.kind() == MarkKind.FAULT
                        ? new BasicStroke(2f)
                        : new BasicStroke(
                                1.3f,
                                BasicStroke.CAP_BUTT,
                                BasicStroke.JOIN_MITER,
                                10f,
                                new float[] {6f, 4f},
                                0f);
        return new ValueMarker(m.at(), markColour(m.kind()), s);
    }

    private static void note(XYPlot p, ChartData d, double y, String text) {
        XYTextAnnotation a = new XYTextAnnotation(text, d.from(), y);
        a.setFont(LABEL);
        a.setPaint(Color.GRAY);
        a.setTextAnchor(TextAnchor.CENTER_LEFT);
        p.addAnnotation(a);
    }

    /**
     * Only what the chart shows: the count series, the states and transition kinds present, the
     * three kinds of lines.
     */
    private static LegendItemCollection legend(ChartData d) {
        LegendItemCollection items = new LegendItemCollection();
        items.add(item("LB / writes ok", OK));
        items.add(item("LB / writes failed", FAILED));
        for (State s : State.values()) {
            if (d.bands().stream().anyMatch(b -> b.state() == s))
                items.add(item(STATE_NAMES.get(s), STATE_COLOURS.get(s)));
        }
        for (TransitionKind k : TransitionKind.values()) {
            if (d.transitions().stream().anyMatch(t -> t.kind() == k))
                items.add(item(k.name().toLowerCase().replace('_', ' '), KIND_COLOURS.get(k)));
        }
        for (MarkKind k : MarkKind.values()) {
            if (d.marks().stream().anyMatch(m -> m.kind() == k)) {
                String name =
                        switch (k) {
                            case FAULT -> "fault";
                            case RESTORE -> "restore";
                            case PROMOTION -> "DB becomes primary";
                        };
                LegendItem li =
                        new LegendItem(
                                name,
                                null,
                                null,
                                null,
                                new java.awt.geom.Line2D.Double(-8, 0, 8, 0),
                                line(new Mark(0, k, "")).getStroke(),
                                markColour(k));
                li.setLabelFont(LEGEND);
                items.add(li);
            }
        }
        return items;
    }

    private static LegendItem item(String name, Paint p) {
        LegendItem li = new LegendItem(name, p);
        li.setLabelFont(LEGEND);
        return li;
    }
}
