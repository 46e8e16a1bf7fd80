// The icons route meta may name. Listed, not globbed, so the bundle keeps
// only what the menu uses.
import {
  ChatDotRound, Connection, Download, Odometer, Setting, Stamp, Timer, Upload, User,
  ChatLineSquare, Switch, Tickets,
  Warning,
} from '@element-plus/icons-vue'
import type { Component } from 'vue'

export const menuIcons: Record<string, Component> = {
  ChatDotRound, Connection, Download, Odometer, Setting, Stamp, Timer, Upload, User,
  ChatLineSquare, Switch, Tickets,
  Warning,
}
