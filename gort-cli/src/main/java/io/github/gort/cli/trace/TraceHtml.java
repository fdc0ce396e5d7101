package io.github.gort.cli.trace;

import io.github.gort.trace.TraceEvent;
import java.util.List;

/**
 * An execution trace as one self-contained HTML page (no network: the script, the styles and the data are inline).
 * The data is {@link ChromeTraceJson}'s document in a {@code <script type="application/json" id="trace-data">}
 * element; the page's script draws it as DOM: a {@code .lane[data-lane="P0"]} per P, then per M, then "runtime";
 * a {@code .slice} per goroutine run ({@code data-g}, {@code data-cat="goroutine"}, labelled "G7 main.worker"),
 * system call ({@code data-cat="syscall"}) and GC / stop-the-world / forEachP span; an {@code .endmark} where a
 * goroutine blocked, yielded or entered a system call (the reason in its tooltip); translucent {@code .band}s across
 * all lanes for GC and stop-the-world; SVG {@code path.flow} arrows from each unblock to the goroutine's next start.
 * Zoom with the wheel, the +/- buttons or keys; pan by dragging or with the arrow keys. Once drawn, each lane's track
 * carries its position on the page ({@code data-top}, {@code data-left}, {@code data-width}, {@code data-height})
 * and the body {@code data-rendered="yes"}, for tests that check a screenshot. Stateless: safe from any thread.
 */
public final class TraceHtml {
    /** The colours of goroutine slices (by function, in order of first appearance, cycling), as CSS hex. */
    public static final List<String> GOROUTINE_COLOURS =
            List.of("#1f77b4", "#2ca02c", "#9467bd", "#17becf", "#8c564b", "#e377c2", "#bcbd22", "#7f7f7f");
    /** The colour of system-call slices. */
    public static final String SYSCALL_COLOUR = "#ff7f0e";
    /** The colour of GC slices (stop-the-world: {@link #STW_COLOUR}). */
    public static final String GC_COLOUR = "#d62728";
    /** The colour of stop-the-world and forEachP slices. */
    public static final String STW_COLOUR = "#000000";

    private TraceHtml() {}

    /** The page for these events; title names the trace (a file name) in the page's heading. */
    public static String write(List<TraceEvent> events, String title) {
        return page(ChromeTraceJson.write(events), title);
    }

    /** The page for a Chrome trace-event JSON document as {@link ChromeTraceJson} writes it. */
    public static String page(String chromeJson, String title) {
        StringBuilder t = new StringBuilder();
        Json.string(t, title);                               // escapes < > &: safe in HTML text as JSON too
        String colours = String.join(",", GOROUTINE_COLOURS.stream().map(c -> "\"" + c + "\"").toList());
        return HEAD
                .replace("@TITLE@", escapeHtml(title))
                .replace("@SYSCALL@", SYSCALL_COLOUR).replace("@GC@", GC_COLOUR).replace("@STW@", STW_COLOUR)
                + "<script type=\"application/json\" id=\"trace-data\">" + scriptSafe(chromeJson) + "</script>\n"
                + "<script>\nconst COLOURS=[" + colours + "];\n" + SCRIPT + "</script>\n</body>\n</html>\n";
    }

    /**
     * JSON made safe inside a script element: in valid JSON a '<' can only stand inside a string, where
     * {@code \}{@code u003c} means the same, so no {@code </script>} or {@code <!--} can end the element early.
     */
    static String scriptSafe(String json) {
        return json.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }

    private static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static final String HEAD = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>gort trace: @TITLE@</title>
            <style>
            body{margin:0;font:12px sans-serif;background:#fff;color:#222}
            #bar{padding:4px 8px;border-bottom:1px solid #ccc;display:flex;gap:8px;align-items:center}
            #bar button{font:12px sans-serif;min-width:28px}
            #view{position:relative;overflow:hidden;user-select:none;cursor:grab}
            #axis{position:relative;height:18px;margin-left:90px;border-bottom:1px solid #ccc;overflow:hidden}
            .tick{position:absolute;top:0;height:18px;border-left:1px solid #aaa;padding-left:2px;color:#555;white-space:nowrap}
            .lane{display:flex;height:26px;border-bottom:1px solid #eee}
            .lane-label{width:86px;padding-left:4px;line-height:26px;font-weight:bold;flex:none;background:#f6f6f6}
            .track{position:relative;flex:1;overflow:hidden}
            .slice{position:absolute;top:3px;height:20px;overflow:hidden;white-space:nowrap;color:#fff;font-size:11px;
              line-height:20px;box-sizing:border-box;padding-left:2px;min-width:1px}
            .slice[data-cat="syscall"]{background:@SYSCALL@}
            .slice[data-cat="gc"]{background:@GC@}
            .slice[data-cat="stw"],.slice[data-cat="foreachp"]{background:@STW@}
            .endmark{position:absolute;top:1px;width:2px;height:24px;background:#e00}
            .endmark[data-end="syscall"]{background:@SYSCALL@}
            .endmark[data-end="sched"],.endmark[data-end="preempted"]{background:#555}
            .instant{position:absolute;top:0;width:1px;height:4px;background:#999}
            #lanes{position:relative;z-index:1}
            .band{position:absolute;top:0;bottom:0;pointer-events:none;z-index:0}
            .band[data-cat="gc"]{background:rgba(214,39,40,.10)}
            .band[data-cat="stw"]{background:rgba(0,0,0,.10)}
            #flows{position:absolute;left:90px;top:0;pointer-events:none;z-index:2}
            .flow{fill:none;stroke:#c00;stroke-width:1.2}
            #tooltip{position:fixed;display:none;background:#ffe;border:1px solid #999;padding:4px;white-space:pre;
              pointer-events:none;z-index:10}
            </style>
            </head>
            <body>
            <div id="bar"><b>gort trace: @TITLE@</b>
            <button id="zoom-in" title="zoom in (+)">+</button><button id="zoom-out" title="zoom out (-)">&minus;</button>
            <button id="zoom-reset" title="whole trace (0)">fit</button><span id="summary"></span>
            <span>wheel: zoom, drag or arrow keys: pan</span></div>
            <div id="axis"></div>
            <div id="view"><div id="lanes"></div><svg id="flows"><defs><marker id="arrow" viewBox="0 0 6 6" refX="6"
             refY="3" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0L6,3L0,6z" fill="#c00"/></marker>
             </defs></svg></div>
            <div id="tooltip"></div>
            """;

    private static final String SCRIPT = """
            const data=JSON.parse(document.getElementById('trace-data').textContent);
            const evs=data.traceEvents, names={}, laneOf={}, slices=[], flows={}, instants=[];
            for(const e of evs){ if(e.ph==='M'&&e.name==='thread_name') names[e.tid]=e.args.name; }
            let t0=Infinity,t1=-Infinity;
            for(const e of evs){
              if(e.ph==='X'){slices.push(e);t0=Math.min(t0,e.ts);t1=Math.max(t1,e.ts+e.dur);}
              else if(e.ph==='s'||e.ph==='f'){(flows[e.id]=flows[e.id]||{})[e.ph]=e;t0=Math.min(t0,e.ts);t1=Math.max(t1,e.ts);}
              else if(e.ph==='i'){instants.push(e);t0=Math.min(t0,e.ts);t1=Math.max(t1,e.ts);}
            }
            if(!isFinite(t0)){t0=0;t1=1;} if(t1<=t0)t1=t0+1;
            const lanesEl=document.getElementById('lanes'), view=document.getElementById('view');
            const tids=Object.keys(names).map(Number).sort((a,b)=>a-b), tracks={};
            for(const tid of tids){
              const lane=document.createElement('div'); lane.className='lane'; lane.dataset.lane=names[tid];
              lane.innerHTML='<div class="lane-label"></div><div class="track"></div>';
              lane.firstChild.textContent=names[tid]; lanesEl.appendChild(lane); tracks[tid]=lane.lastChild;
            }
            const fcolour={}; let nextColour=0;
            function colourOf(f){ if(!(f in fcolour)) fcolour[f]=COLOURS[nextColour++%COLOURS.length]; return fcolour[f]; }
            const us=v=>v>=1000?(v/1000).toFixed(3)+' ms':v.toFixed(3)+' \\u00b5s';
            const placed=[];
            function add(track,el,ts,dur){track.appendChild(el);placed.push([el,ts,dur]);}
            const runtimeTid=tids.find(t=>names[t]==='runtime');
            for(const s of slices){
              const el=document.createElement('div'); el.className='slice'; el.dataset.cat=s.cat;
              const a=s.args||{}; if(a.g!==undefined) el.dataset.g=a.g;
              if(a.function!==undefined) el.dataset.function=a.function;
              if(a.end) el.dataset.end=a.end; if(a.blocked) el.dataset.blocked=a.blocked;
              el.textContent=s.name; if(s.cat==='goroutine') el.style.background=colourOf(a.function||'');
              let tip=s.name+'\\nstart '+us(s.ts-t0)+', '+us(s.dur);
              for(const k in a) tip+='\\n'+k+': '+a[k];
              el.dataset.tip=tip; add(tracks[s.tid],el,s.ts,s.dur);
              if(s.cat==='goroutine'&&a.end&&a.end!=='trace end'){
                const m=document.createElement('div'); m.className='endmark';
                m.dataset.end=a.end==='block'?'block':a.end; if(a.g!==undefined) m.dataset.g=a.g;
                m.dataset.tip='G'+a.g+' '+(a.blocked?'blocked: '+a.blocked:a.end); add(tracks[s.tid],m,s.ts+s.dur,0);
              }
              if(s.cat==='gc'||s.cat==='stw'){
                const b=document.createElement('div'); b.className='band'; b.dataset.cat=s.cat; add(view,b,s.ts,s.dur);
              }
            }
            for(const e of instants){
              const el=document.createElement('div'); el.className='instant'; el.dataset.tip=e.name; add(tracks[e.tid],el,e.ts,0);
            }
            const svg=document.getElementById('flows'), NS='http://www.w3.org/2000/svg', arrows=[];
            for(const id in flows){ const f=flows[id]; if(!f.s||!f.f) continue;
              const p=document.createElementNS(NS,'path'); p.setAttribute('class','flow'); p.setAttribute('marker-end','url(#arrow)');
              p.dataset.g=f.f.name.replace('unblock G',''); svg.appendChild(p); arrows.push([p,f.s,f.f]); }
            let vs=t0, ve=t1;
            const width=()=>tracks[tids[0]]?tracks[tids[0]].clientWidth:Math.max(1,window.innerWidth-90);
            const x=ts=>(ts-vs)/(ve-vs)*width();
            function render(){
              for(const [el,ts,dur] of placed){
                const l=x(ts); el.style.left=(el.className==='band'?l+90:l)+'px';
                if(el.className==='slice'||el.className==='band') el.style.width=Math.max(1,x(ts+dur)-l)+'px';
              }
              svg.setAttribute('width',width()); svg.setAttribute('height',lanesEl.offsetHeight);
              const laneY=tid=>{const tr=tracks[tid];return tr.parentNode.offsetTop+tr.offsetHeight/2;};
              for(const [p,s,f] of arrows){
                const x1=x(s.ts),y1=laneY(s.tid),x2=x(f.ts),y2=laneY(f.tid),mx=(x1+x2)/2;
                p.setAttribute('d','M'+x1+','+y1+' C'+mx+','+(y1-12)+' '+mx+','+(y2-12)+' '+x2+','+y2);
              }
              const axis=document.getElementById('axis'); axis.innerHTML='';
              const span=ve-vs, mag=Math.pow(10,Math.floor(Math.log10(span/8))), n=span/8/mag, step=mag*(n>5?10:n>2?5:n>1?2:1);
              for(let t=Math.ceil((vs-t0)/step)*step;t<=ve-t0;t+=step){
                const d=document.createElement('div'); d.className='tick'; d.style.left=x(t+t0)+'px';
                d.textContent=us(t); axis.appendChild(d);
              }
              for(const tid of tids){ const r=tracks[tid].getBoundingClientRect(), ds=tracks[tid].parentNode.dataset;
                ds.top=Math.round(r.top); ds.left=Math.round(r.left); ds.width=Math.round(r.width); ds.height=Math.round(r.height); }
            }
            function zoom(f,at){ const c=at===undefined?(vs+ve)/2:at; vs=c-(c-vs)/f; ve=c+(ve-c)/f; render(); }
            function pan(frac){ const d=(ve-vs)*frac; vs+=d; ve+=d; render(); }
            document.getElementById('zoom-in').onclick=()=>zoom(2);
            document.getElementById('zoom-out').onclick=()=>zoom(0.5);
            document.getElementById('zoom-reset').onclick=()=>{vs=t0;ve=t1;render();};
            view.addEventListener('wheel',e=>{e.preventDefault();
              const at=vs+(e.clientX-90)/width()*(ve-vs); zoom(e.deltaY<0?1.25:0.8,at);},{passive:false});
            let drag=null;
            view.addEventListener('mousedown',e=>{drag=e.clientX;});
            window.addEventListener('mouseup',()=>{drag=null;});
            const tooltip=document.getElementById('tooltip');
            window.addEventListener('mousemove',e=>{
              if(drag!==null){pan((drag-e.clientX)/width());drag=e.clientX;}
              const tip=e.target.dataset&&e.target.dataset.tip;
              if(tip){tooltip.textContent=tip;tooltip.style.display='block';tooltip.style.left=(e.clientX+12)+'px';
                tooltip.style.top=(e.clientY+12)+'px';} else tooltip.style.display='none';
            });
            window.addEventListener('keydown',e=>{
              if(e.key==='ArrowLeft')pan(-0.1); else if(e.key==='ArrowRight')pan(0.1);
              else if(e.key==='+'||e.key==='=')zoom(2); else if(e.key==='-')zoom(0.5);
              else if(e.key==='0'){vs=t0;ve=t1;render();}
            });
            window.addEventListener('resize',render);
            document.getElementById('summary').textContent=tids.length+' lanes, '+slices.length+' slices, '
              +arrows.length+' unblock arrows, '+us(t1-t0);
            render();
            document.body.dataset.slices=document.querySelectorAll('.slice').length;
            document.body.dataset.rendered='yes';
            """;
}
