public enum AlertLogPlaceholder {}
